/**
 * `yardguard-edge check`: the installer's one command on site. Real hardware ports, a y/N prompt
 * before anything moves (or --yes), the running agent through its control socket when there is
 * one. Exit 1 when a row failed; the table says what to fix.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { SiteConfig } from '@yardguard/firmware-config/wire';
import { runCheck } from '../check/run-check.js';
import { formatReport, type CheckReport } from '../check/report.js';
import type { DeviceAccess } from '../check/device-checks.js';
import { connectAgent, CONTROL_SOCKET } from '../control/control-socket.js';
import { createNodeOnvifPort } from '../hw/node-onvif-port.js';
import { createOnoffGpio } from '../hw/onoff-gpio.js';
import { siteUsesGpio } from '../hw/index.js';

export interface CheckCommandOptions {
  dataDir: string;
  config?: string;
  credentials?: string;
  json?: boolean;
  yes?: boolean;
  skipCloud?: boolean;
  out?: NodeJS.WritableStream;
}

/** Ask on the terminal; without one (a pipe, a script) nothing moves unless --yes. */
async function askTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function checkCommand(opts: CheckCommandOptions): Promise<{ code: number; report: CheckReport }> {
  const dataDir = resolve(opts.dataDir);
  const enrolled = join(dataDir, 'site.json');
  const configPath = resolve(opts.config ?? (existsSync(enrolled) || !existsSync(join(dataDir, 'site.applied.json')) ? enrolled : join(dataDir, 'site.applied.json')));
  const agentSocket = join(dataDir, CONTROL_SOCKET);
  const report = await runCheck({
    configPath,
    dataDir,
    ...(opts.credentials ? { credentialsPath: resolve(opts.credentials) } : {}),
    ...(opts.skipCloud ? { skipCloud: true } : {}),
    async access(site: SiteConfig, cameraCredentials): Promise<DeviceAccess> {
      const access: DeviceAccess = {
        onvif: createNodeOnvifPort(),
        cameraCredentials,
        agent: await connectAgent(agentSocket),
        confirm: opts.yes ? () => Promise.resolve(true) : askTerminal,
        snapshotDir: dataDir,
      };
      if (siteUsesGpio(site)) {
        try {
          access.gpio = await createOnoffGpio();
        } catch (e) {
          access.gpioError = (e as Error).message;
        }
      }
      return access;
    },
  });
  const out = opts.out ?? process.stdout;
  out.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return { code: report.ok ? 0 : 1, report };
}
