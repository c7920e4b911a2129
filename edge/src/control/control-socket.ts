/**
 * The running agent's local control socket (DIR/agent.sock, mode 0600: only root and the agent's
 * user). `check` uses it to reach what only the agent holds: MQTT devices on its broker, the live
 * presence, and relay pulses that the gate adapter must know about (a door opened by the check
 * is a granted opening, not a forced one). One JSON request per connection, one JSON answer.
 * Only installer test actions are accepted; everything else goes through signed cloud commands.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { commandAction, newId, SCHEMA_VERSION, type Command, type CommandAction } from '@yardguard/firmware-config/wire';
import type { CommandOutcome } from '../devices/types.js';
import type { AgentLink } from '../check/device-checks.js';
import type { Logger } from '../log.js';

export const CONTROL_SOCKET = 'agent.sock';
/** What a local check may do on a device. */
const TEST_ACTIONS = new Set<CommandAction['action']>(['gate.open', 'siren.start', 'siren.stop', 'camera.snapshot']);

const request = z.discriminatedUnion('op', [
  z.object({ op: z.literal('devices') }).strict(),
  z.object({ op: z.literal('execute'), deviceId: z.string().min(1).max(64), action: commandAction }).strict(),
]);

export interface ControlTarget {
  gatewayId(): string;
  devices(): { id: string; online: boolean | undefined }[];
  dispatch(cmd: Command): Promise<CommandOutcome>;
}

export async function startControlSocket(path: string, target: ControlTarget, log: Logger): Promise<{ close(): Promise<void> }> {
  if (existsSync(path)) {
    // A socket left by a crashed run: remove it unless an agent still answers on it.
    if (await answers(path)) throw new Error(`another agent answers on ${path}: stop it first`);
    unlinkSync(path);
  }
  const server: Server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('error', () => undefined);
    sock.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 64 * 1024) return sock.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      handle(buf.slice(0, nl)).then((answer) => sock.end(`${JSON.stringify(answer)}\n`), (err: unknown) => sock.end(`${JSON.stringify({ ok: false, error: (err as Error).message })}\n`));
    });
  });
  async function handle(line: string): Promise<unknown> {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { ok: false, error: 'not JSON' };
    }
    const r = request.safeParse(json);
    if (!r.success) return { ok: false, error: 'unknown request' };
    if (r.data.op === 'devices') return { ok: true, result: target.devices() };
    const { deviceId, action } = r.data;
    if (!TEST_ACTIONS.has(action.action)) return { ok: false, error: `${action.action} is not a local test action` };
    log.info({ deviceId, action: action.action }, 'local check command');
    const now = Date.now();
    const cmd = {
      v: SCHEMA_VERSION, id: newId(), gatewayId: target.gatewayId(), deviceId, issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 30_000).toISOString(), nonce: randomBytes(16).toString('hex'), issuedBy: 'local-check', ...action,
    } as Command;
    return { ok: true, result: await target.dispatch(cmd) };
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function call(path: string, req: unknown, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    let buf = '';
    const timer = setTimeout(() => sock.destroy(new Error(`the agent did not answer in ${timeoutMs / 1000} s`)), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (c: string) => {
      buf += c;
    });
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        const a = JSON.parse(buf) as { ok: boolean; result?: unknown; error?: string };
        if (a.ok) resolve(a.result);
        else reject(new Error(a.error ?? 'the agent refused'));
      } catch {
        reject(new Error('the agent answered with something that is not JSON'));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function answers(path: string): Promise<boolean> {
  return call(path, { op: 'devices' }, 2000).then(() => true, () => false);
}

/** The agent behind DIR/agent.sock, or null when none answers. */
export async function connectAgent(path: string): Promise<AgentLink | null> {
  if (!existsSync(path) || !(await answers(path))) return null;
  return {
    devices: () => call(path, { op: 'devices' }, 5000) as Promise<{ id: string; online: boolean | undefined }[]>,
    execute: (deviceId, action) => call(path, { op: 'execute', deviceId, action }, 30_000) as Promise<CommandOutcome>,
  };
}
