#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=1048576 node --max-old-space-size=96 --max-semi-space-size=1
/**
 * The `yardguard-edge` command: reads arguments and calls the matching command.
 * The shebang caps the V8 heap: left alone, V8 grows the heap lazily to 200+ MB under a burst
 * although the live set is a few tens of MB (the queue lives in SQLite, not in memory); a Pi 3
 * has 1 GB shared with everything else. 1 MiB semi-spaces hold the agent's peak RSS under a
 * sustained burst at 93-95 MB (96-103 with 2 MiB, 102-105 with 4 MiB) at the same CPU per event.
 * Not --optimize-for-size: it held the heap as well but doubled the GC's share of the CPU (a
 * third of the agent's busy time), for 0.7x the events per second. MALLOC_MMAP_THRESHOLD_ fixes glibc's mmap threshold: with the default
 * (dynamic) one, each device login's 16 MiB scrypt buffer stayed in the arena of the libuv pool
 * thread that ran it, 4 threads x 16 MiB = 64 MiB of RSS for good. The benchmark runs the agent
 * with these same flags and environment (A/B in bench/README.md).
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@yardguard/firmware-config/node';
import { AGENT_VERSION } from './version.js';

const HELP = `yardguard-edge ${AGENT_VERSION}: the Yard Guard gateway agent for a compound's Raspberry Pi

Usage:
  yardguard-edge run --config site.json --data-dir DIR [--cloud-url URL] [--credentials FILE]
                     [--broker-host ADDR] [--broker-port PORT] [--cloud-http URL]
      Start the local broker, devices, rules and the cloud uplink. --config defaults to
      DIR/site.json (written by enroll). Without credentials (DIR/credentials.json) the agent
      runs local-only and keeps events in its outbox. --broker-host/--broker-port override the
      site config's local broker address (e.g. 127.0.0.1 to keep it off the compound's LAN).
      Camera snapshots are uploaded to the cloud's HTTP API at --cloud-http URL (default: the
      --cloud URL given to enroll); without one they stay on the gateway.
  yardguard-edge status --data-dir DIR [--json]
      Devices, cloud link and outbox depth of the agent using DIR.
  yardguard-edge dead-letters --data-dir DIR [--resend] [--json]
      List the events the cloud rejected; --resend asks the running agent to queue them again.
  yardguard-edge check --data-dir DIR [--config FILE] [--json] [--yes] [--skip-cloud]
      Check the site config, credentials, each device (inputs read live; relays pulsed and
      columns chimed after a y/N prompt, or at once with --yes), the cloud link (DNS, TCP, TLS,
      login, clock) and disk and temperature. Exits 1 when something is broken, with the fix.
  yardguard-edge discover [--timeout SECONDS] [--json]
      Find the ONVIF cameras on this LAN (WS-Discovery) and print site-config entries for them.
  yardguard-edge hash-password [PASSWORD]
      Print the scrypt hash for a device's mqtt.passwordHash (reads stdin without PASSWORD).
  yardguard-edge enroll --cloud URL --code ABCD-1234 --data-dir DIR [--ca FILE]
      Redeem a one-time enrollment code; stores the credentials in DIR (mode 0600). Refuses when
      this machine's clock is more than a minute off the cloud's. --ca: the CA certificate of a
      cloud with its own CA (the cloud also sends it; it is pinned for MQTT TLS and HTTPS).

Options:
  -h, --help     this help
  -v, --version  print the version
`;

class UsageError extends Error {}

function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`enroll: cannot read --ca ${file}: ${(e as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`enroll: --ca ${file} is not a PEM certificate`);
  return pem;
}

function need(value: string | undefined, flag: string, cmd: string): string {
  if (!value) throw new UsageError(`${cmd}: ${flag} is required (see yardguard-edge --help)`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      'data-dir': { type: 'string', short: 'd' },
      'cloud-url': { type: 'string' },
      'cloud-http': { type: 'string' },
      credentials: { type: 'string' },
      cloud: { type: 'string' },
      code: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'skip-cloud': { type: 'boolean' },
      ca: { type: 'string' },
      resend: { type: 'boolean' },
      timeout: { type: 'string' },
      'broker-port': { type: 'string' },
      'broker-host': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const [cmd, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  if (values.help || !cmd) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  switch (cmd) {
    case 'run': {
      const port = values['broker-port'];
      if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`run: --broker-port must be a number, got "${port}"`);
      const dataDir = need(values['data-dir'], '--data-dir', 'run');
      // After `enroll`, the config the cloud issued sits in the data dir.
      const enrolledConfig = join(dataDir, 'site.json');
      const { runAgent } = await import('./cli/run.js');
      await runAgent({
        config: need(values.config ?? (existsSync(enrolledConfig) ? enrolledConfig : undefined), '--config', 'run'),
        dataDir,
        cloudUrl: values['cloud-url'],
        cloudHttp: values['cloud-http'],
        credentials: values.credentials,
        brokerPort: port === undefined ? undefined : Number(port),
        brokerHost: values['broker-host'],
      });
      return -1; // keep running until a signal
    }
    case 'status': {
      const { formatStatus, readStatus } = await import('./cli/status.js');
      const s = readStatus(need(values['data-dir'], '--data-dir', 'status'));
      process.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatStatus(s)}\n`);
      return 0;
    }
    case 'dead-letters': {
      const dir = need(values['data-dir'], '--data-dir', 'dead-letters');
      const { formatDeadLetters, listDeadLetters, requestResend } = await import('./cli/dead-letters.js');
      if (values.resend) {
        const n = requestResend(dir);
        process.stdout.write(`re-send of ${n} dead letters requested; the running agent queues them within a few seconds\n`);
        return 0;
      }
      const r = listDeadLetters(dir);
      process.stdout.write(values.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatDeadLetters(r)}\n`);
      return 0;
    }
    case 'discover': {
      const timeout = values.timeout ?? '5';
      if (!/^\d+(\.\d+)?$/.test(timeout)) throw new UsageError(`discover: --timeout must be a number of seconds, got "${timeout}"`);
      const { discoverCommand } = await import('./cli/discover.js');
      await discoverCommand({ timeoutMs: Number(timeout) * 1000, json: values.json === true });
      return 0;
    }
    case 'check': {
      const { checkCommand } = await import('./cli/check.js');
      const r = await checkCommand({
        dataDir: need(values['data-dir'], '--data-dir', 'check'),
        ...(values.config ? { config: values.config } : {}),
        ...(values.credentials ? { credentials: values.credentials } : {}),
        json: values.json === true, yes: values.yes === true, skipCloud: values['skip-cloud'] === true,
      });
      return r.code;
    }
    case 'hash-password':
      await (await import('./cli/hash-password.js')).hashPasswordCommand(rest[0]);
      return 0;
    case 'enroll':
      await (await import('./cli/enroll.js')).enroll({
        cloud: need(values.cloud, '--cloud', 'enroll'), code: need(values.code, '--code', 'enroll'), dataDir: need(values['data-dir'], '--data-dir', 'enroll'),
        ...(values.credentials ? { credentials: values.credentials } : {}),
        ...(values.ca ? { ca: readCaFile(values.ca) } : {}),
      });
      return 0;
    default:
      throw new UsageError(`unknown command "${cmd}" (commands: run, check, status, dead-letters, discover, hash-password, enroll)`);
  }
}

// A command whose work never settles (a stream that ended early, a dropped promise) must not
// exit 0 in silence: say so and fail. `run` keeps the loop alive itself, so it never gets here.
let settled = false;
process.on('exit', (code) => {
  if (settled || code !== 0) return;
  process.stderr.write('error: the command ended before it finished (input closed early?)\n');
  process.exitCode = 1;
});

main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    settled = true;
    const e = err instanceof Error ? err : new Error(String(err));
    if (!e.message) e.message = `${e.name || 'unexpected error'} (no message; run with LOG_LEVEL=debug and report it)`;
    const code = (err as { code?: unknown } | null)?.code;
    const usage = e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
    if (usage) process.stderr.write(`error: ${e.message}\n\nRun yardguard-edge --help for usage.\n`);
    else if (e instanceof ConfigError) process.stderr.write(`error: ${e.message}\nFix the site config (validate it with the console or firmware-config) and start again.\n`);
    else process.stderr.write(`error: ${e.message}\n`);
    process.exit(usage ? 2 : 1);
  },
);
