/**
 * The real edge agent as a child process (`edge/dist/main.js run`), for the attack suite: a compound
 * of MQTT devices only (gates gate-1..2, alarm columns column-1..2; passwords `demo-<id>`), the
 * broker on a free loopback port, and optionally a cloud link to an MQTT broker given by the test.
 * A crash is observable: `exited()` says whether (and how) the process died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { validateSiteConfig, type SiteConfig, type SiteConfigInput } from '@yardguard/firmware-config';
import { hashPassword } from '@yardguard/firmware-config/node';
import { freePort, waitFor } from '@yardguard/test/servers';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const GATEWAY_ID = 'gw-attack';
export const GATES = ['gate-1', 'gate-2'] as const;
export const COLUMNS = ['column-1', 'column-2'] as const;
export const DEVICES = [...GATES, ...COLUMNS] as const;
export const devicePassword = (id: string) => `demo-${id}`;

export interface EdgeAgentOptions {
  /** The cloud link: an MQTT URL and the pinned command-signing public key (PEM). */
  cloud?: { mqttUrl: string; cloudSigningKey: string; password?: string };
}

export interface EdgeAgent {
  port: number;
  url: string;
  site: SiteConfig;
  /** null while running; the exit code / signal once it died. */
  exited(): string | null;
  /** The last lines the agent logged (to explain a crash). */
  logTail(): string;
  stop(): Promise<void>;
}

const hashes = new Map<string, string>();
const hashOnce = (pw: string) => hashes.get(pw) ?? (hashes.set(pw, hashPassword(pw)), hashes.get(pw)!);

export function attackSite(): SiteConfig {
  const input: SiteConfigInput = {
    version: 1,
    compound: { id: 'attack-yard', name: '攻防测试院' },
    gateway: { id: GATEWAY_ID, healthIntervalS: 3600, deviceTimeoutS: 3600, outbox: { maxMb: 64 } },
    gates: GATES.map((id) => ({ id, name: id, driver: 'mqtt' as const, mqtt: { username: id, passwordHash: hashOnce(devicePassword(id)) } })),
    alarmColumns: COLUMNS.map((id) => ({ id, name: id, driver: 'mqtt' as const, near: ['gate-1'], mqtt: { username: id, passwordHash: hashOnce(devicePassword(id)) } })),
    rules: [{ id: 'door-forced', when: { event: 'gate.forced_open' }, then: [{ do: 'siren', column: 'nearest', pattern: 'alarm', durationS: 30 }] }],
  };
  const r = validateSiteConfig(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export async function startEdgeAgent(opts: EdgeAgentOptions = {}): Promise<EdgeAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'yg-attack-edge-'));
  const site = attackSite();
  writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
  if (opts.cloud) {
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({
      gatewayId: GATEWAY_ID, mqttUrl: opts.cloud.mqttUrl, username: GATEWAY_ID, password: opts.cloud.password ?? 'unused', cloudSigningKey: opts.cloud.cloudSigningKey,
    }), { mode: 0o600 });
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [
    join(repoRoot, 'edge', 'dist', 'main.js'), 'run', '--config', join(dir, 'site.json'), '--data-dir', dir, '--broker-host', '127.0.0.1', '--broker-port', String(port),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  let exit: string | null = null;
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) tail.push(line.slice(0, 500));
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const ended = new Promise<void>((r) => child.once('exit', (code, signal) => {
    exit = signal ? `killed by ${signal}` : `exit code ${code}`;
    r();
  }));
  const stop = async () => {
    if (exit === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ended;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => {
      if (exit !== null) throw new Error(`the edge agent ended before it was ready (${exit}):\n${tail.slice(-20).join('\n')}`);
      return tail.some((l) => l.includes('"ready":true'));
    }, { timeoutMs: 60_000, message: 'edge agent ready' });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url: `mqtt://127.0.0.1:${port}`, site, exited: () => exit, logTail: () => tail.slice(-30).join('\n'), stop };
}

/**
 * Connect an MQTT 3.1.1 client: resolves on CONNACK, rejects on refusal, close or timeout.
 * `source` binds a loopback source address (127.0.0.x): the brokers back off failed logins per
 * source, so attackers come from their own addresses and the legitimate devices from 127.0.0.1.
 */
export function tryConnect(url: string, opts: IClientOptions & { source?: string } = {}, timeoutMs = 15_000): Promise<MqttClient> {
  return new Promise((resolvePromise, reject) => {
    const { source, ...rest } = opts;
    const u = new URL(url);
    const options: IClientOptions = { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: timeoutMs, ...rest };
    const c = source
      ? new mqtt.MqttClient(() => net.connect({ host: u.hostname, port: Number(u.port), localAddress: source }), options)
      : mqtt.connect(url, options);
    c.once('connect', () => resolvePromise(c));
    const fail = (err: Error) => {
      c.end(true);
      reject(err);
    };
    c.once('error', fail);
    c.once('close', () => fail(new Error('connection closed before CONNACK')));
  });
}

export const deviceLogin = (id: string): IClientOptions => ({ clientId: id, username: id, password: devicePassword(id) });
