/**
 * The cloud and the edge agent as real child processes (their built `dist/main.js`, as systemd runs
 * them), so a fault is a real signal: SIGKILL, SIGSTOP/SIGCONT, or a clean SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../e2e/helpers/paths.js';

const CLOUD_MAIN = join(repoRoot, 'cloud', 'dist', 'main.js');
const EDGE_MAIN = join(repoRoot, 'edge', 'dist', 'main.js');
const KEEP_LOG = 200_000;

// A test that times out never reaches its cleanup: kill what is left when this worker exits.
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of alive) c.kill('SIGKILL');
});

export class ChildService {
  private child: ChildProcess | undefined;
  private log = '';
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly main: string,
    private readonly args: string[],
    private readonly ready: (log: string) => boolean | Promise<boolean>,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.log;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) return;
    const child = spawn(process.execPath, [this.main, ...this.args], {
      env: { ...process.env, LOG_LEVEL: process.env.YG_FAULTS_LOG ?? 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    alive.add(child);
    child.once('exit', () => alive.delete(child));
    const keep = (d: Buffer) => {
      this.log += d.toString();
      if (this.log.length > KEEP_LOG * 2) this.log = this.log.slice(-KEEP_LOG);
      if (process.env.YG_FAULTS_LOG === 'debug') process.stderr.write(`[${this.name}] ${d.toString()}`);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((r) => child.once('exit', () => r()));
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.log.slice(-4000)}`);
      if (await Promise.resolve(this.ready(this.log)).catch(() => false)) return;
      if (Date.now() > until) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.log.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9: no shutdown code runs. */
  async kill9(): Promise<void> {
    if (!this.child || !this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** A clean stop (SIGTERM), SIGKILL after a grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.child || !this.running) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }
}

export function cloudProcess(o: { dataDir: string; dbUrl?: string; httpPort: number; mqttPort: number }): ChildService {
  const args = [
    '--data-dir', o.dataDir, '--http-host', '127.0.0.1', '--http-port', String(o.httpPort), '--mqtt-host', '127.0.0.1',
    '--mqtt-port', String(o.mqttPort), '--seed-demo', '--console-dir', join(o.dataDir, 'no-console'),
    ...(o.dbUrl ? ['--db', o.dbUrl] : []),
  ];
  const health = `http://127.0.0.1:${o.httpPort}/api/health`;
  return new ChildService('cloud', CLOUD_MAIN, args, async () => (await fetch(health, { signal: AbortSignal.timeout(2000) })).ok);
}

export function edgeProcess(o: { config: string; dataDir: string; brokerPort: number; cloudUrl?: string }): ChildService {
  const args = [
    'run', '--config', o.config, '--data-dir', o.dataDir, '--broker-host', '127.0.0.1', '--broker-port', String(o.brokerPort),
    ...(o.cloudUrl ? ['--cloud-url', o.cloudUrl] : []),
  ];
  let seen = 0;
  return new ChildService('edge', EDGE_MAIN, args, (log) => {
    // Ready again after each start: count the ready lines.
    const n = log.split('"ready":true').length - 1;
    if (n > seen) {
      seen = n;
      return true;
    }
    return false;
  });
}
