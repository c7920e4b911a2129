// The one mechanism for processes that tests start (./owned.js): a worker-like parent starts an
// owned process tree, a daemonized PostgreSQL and mosquitto, then dies by SIGKILL (as a vitest
// worker does when it is killed); every one of those processes, and their temp dirs, must be gone.
import { describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { ownChildGroups, spawnOwned, waitFor } from './index.js';

/** Alive and not a zombie (a reparented daemon stays a zombie until init reaps it: it holds nothing). */
function running(/** @type {number} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Direct children of `pid`, from /proc. */
function childrenOf(/** @type {number} */ pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Run a node ESM script as a "worker"; resolve with its stdout once it has died. */
function worker(/** @type {string} */ script) {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ stdout: String(stdout), stderr: String(stderr), signal: err && 'signal' in err ? err.signal : null }),
    );
  });
}

const index = JSON.stringify(new URL('./index.js', import.meta.url).href);

describe('owned processes (spawnOwned / own)', () => {
  it('a worker killed with SIGKILL takes its process tree, PostgreSQL and mosquitto along, and their dirs', async () => {
    const r = await worker(`
      import { spawnOwned, startPostgres, startMosquitto } from ${index};
      import { readFileSync } from 'node:fs';
      // A tree: sh leads the group, with a grandchild in the background.
      const tree = spawnOwned('sh', ['-c', 'sleep 300 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const grandchild = await new Promise((res) => tree.stdout.once('data', (d) => res(Number(String(d).trim()))));
      const [pg, mq] = await Promise.all([startPostgres(), startMosquitto()]);
      const postmaster = Number(readFileSync(pg.dir + '/data/postmaster.pid', 'utf8').split('\\n')[0]);
      console.log(JSON.stringify({ tree: tree.pid, grandchild, postmaster, pgDir: pg.dir, mqDir: mq.dir }));
      process.kill(process.pid, 'SIGKILL');
    `);
    expect(r.signal, r.stderr).toBe('SIGKILL');
    const started = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
    const pids = [started.tree, started.grandchild, started.postmaster];
    expect(pids.every((p) => Number.isInteger(p) && p > 0), r.stdout).toBe(true);
    // Generous: the watchdog polls twice a second and gives the postmaster up to 2 s to quit.
    await waitFor(() => pids.every((p) => !running(p)), { timeoutMs: 20_000, message: `owned processes gone (${pids.join(', ')})` });
    await waitFor(() => !existsSync(started.pgDir) && !existsSync(started.mqDir), { timeoutMs: 20_000, message: 'owned dirs removed' });
  });

  it('owns the group a library started a child in (as Playwright does with Chromium), once', async () => {
    const lib = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    try {
      const first = ownChildGroups(/^sleep$/);
      expect(first.count).toBe(1);
      expect(ownChildGroups(/^sleep$/).count).toBe(0); // already owned: not taken twice
      first.release();
      await waitFor(() => !running(/** @type {number} */ (lib.pid)), { timeoutMs: 10_000, message: 'owned library child killed' });
    } finally {
      lib.kill('SIGKILL');
    }
  });

  it('a child that exits takes the rest of its group along', async () => {
    const child = spawnOwned('sh', ['-c', 'sleep 300 & echo $!; exit 0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const grandchild = await new Promise((res) => child.stdout?.once('data', (d) => res(Number(String(d).trim()))));
    await new Promise((res) => child.once('close', res));
    await waitFor(() => !running(/** @type {number} */ (grandchild)), { timeoutMs: 10_000, message: 'orphaned grandchild killed' });
    expect(childrenOf(process.pid)).not.toContain(grandchild);
  });
});
