/** Run the built agent (dist/main.js) as a child process, as systemd would. */
import type { ChildProcess } from 'node:child_process';
import { spawnOwned } from '@yardguard/test/servers';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './helpers.js';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface AgentProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export async function startAgent(args: string[], env: NodeJS.ProcessEnv = {}): Promise<AgentProcess> {
  // Owned: the agent dies with this test worker even when the worker is killed hard.
  const child = spawnOwned(process.execPath, [MAIN, ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => {
    if (gone) throw new Error(`agent exited early:\n${out}`);
    return out.includes('"ready":true');
  }, { timeoutMs: 30_000, what: 'agent ready' });
  return { child, output: () => out, exited };
}
