/**
 * Remote diagnostics (the signed `gateway.diagnostics` command): the agent's recent log lines,
 * what `yardguard-edge status --json` prints and what `check --json` prints, collected inside the
 * running agent. Nothing moves: relay pulses and chimes answer "skip" (no one on site confirmed).
 * The answer must fit one command result (MAX_PAYLOAD_BYTES): older log lines give way first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encode, MAX_PAYLOAD_BYTES, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { GatewayDiagnostics } from '@yardguard/firmware-config';
import { runCheck } from '../check/run-check.js';
import type { AgentLink } from '../check/device-checks.js';
import type { GpioPort } from '../hw/gpio-port.js';
import type { OnvifPort } from '../hw/onvif-port.js';
import { siteUsesGpio } from '../hw/index.js';
import { readStatus } from '../cli/status.js';
import type { LogRing } from './log-ring.js';

export interface DiagnosticsOptions {
  dataDir: string;
  /** null: the agent was started without a ring (embedded use); the answer says so. */
  logs: LogRing | null;
  agentVersion: string;
  /** The config file the agent started with; a config the cloud pushed (DIR/site.applied.json) wins. */
  configPath?: string;
  credentialsPath?: string;
  gpio?: GpioPort;
  onvif: OnvifPort;
  agent: AgentLink;
  now: () => Date;
}

/** Room left in one result for its envelope (ids, times, outcome). */
const ENVELOPE_BYTES = 4 * 1024;

export class Diagnostics {
  constructor(private readonly opts: DiagnosticsOptions) {}

  async collect(params: { logLines: number; check: boolean }): Promise<GatewayDiagnostics> {
    const { opts } = this;
    const status = readStatus(opts.dataDir) as unknown as Record<string, unknown>;
    const check = params.check ? await this.check() : null;
    const logs = opts.logs ? opts.logs.recent(params.logLines) : { lines: ['(this agent keeps no log lines in memory: read them with journalctl -u yardguard-edge)'], truncated: false };
    const out: GatewayDiagnostics = { agentVersion: opts.agentVersion, collectedAt: opts.now().toISOString(), logs, status, check };
    // Fit one result: drop the oldest log lines until it does.
    const budget = MAX_PAYLOAD_BYTES - ENVELOPE_BYTES;
    while (Buffer.byteLength(encode(out)) > budget && out.logs.lines.length > 0) {
      out.logs = { lines: out.logs.lines.slice(Math.ceil(out.logs.lines.length / 4)), truncated: true };
    }
    return out;
  }

  private configPath(): string {
    const pushed = join(this.opts.dataDir, 'site.applied.json');
    if (existsSync(pushed)) return pushed;
    return this.opts.configPath ?? join(this.opts.dataDir, 'site.json');
  }

  private check() {
    const { opts } = this;
    return runCheck({
      configPath: this.configPath(),
      dataDir: opts.dataDir,
      ...(opts.credentialsPath ? { credentialsPath: opts.credentialsPath } : {}),
      now: opts.now,
      access: (site: SiteConfig, cameraCredentials) => Promise.resolve({
        onvif: opts.onvif,
        cameraCredentials,
        agent: opts.agent,
        // Nobody stands at the gate during a remote check: nothing is pulsed or chimed.
        confirm: () => Promise.resolve(false),
        ...(siteUsesGpio(site) ? (opts.gpio ? { gpio: opts.gpio } : { gpioError: 'the agent runs without GPIO' }) : {}),
      }),
    });
  }
}
