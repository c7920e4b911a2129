// The test and bench runners' own logic: summing vitest reports into the closing line, and merging
// bench output into bench/results.json (run on throwaway trees, as child processes like in real use).
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { ...opts, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function tree() {
  const dir = mkdtempSync(join(tmpdir(), 'yg-runners-'));
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const report = (o) => JSON.stringify({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, success: true, testResults: [], ...o });

describe('sum-vitest.mjs (closing line of npm test)', () => {
  it('sums passed, failed and skipped over packages and ends with the closing line', async () => {
    const t = tree();
    try {
      t.write('a/test-results/vitest.json', report({ numPassedTests: 5, numPendingTests: 1 }));
      t.write('b/test-results/vitest.json', report({ numPassedTests: 2, numFailedTests: 1, success: false, testResults: [{ name: `${t.dir}/b/x.test.ts`, status: 'failed', assertionResults: [{ status: 'failed', fullName: 'x breaks' }] }] }));
      const r = await run(process.execPath, [join(here, 'sum-vitest.mjs'), 'a', 'b'], { cwd: t.dir });
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n');
      expect(lines.at(-1)).toBe('7 passed, 1 failed, 1 skipped');
      expect(r.stdout).toContain('FAILED x breaks');
    } finally {
      t.cleanup();
    }
  });

  it('counts a missing report, a file that failed to load, and a non-zero exit outside tests', async () => {
    const t = tree();
    try {
      t.write('a/test-results/vitest.json', report({ numPassedTests: 3, success: false, testResults: [{ name: 'y.test.ts', status: 'failed', message: 'Cannot find module', assertionResults: [] }] }));
      t.write('c/test-results/vitest.json', report({ numPassedTests: 4 }));
      t.write('summary.json', JSON.stringify({ tasks: [{ directory: 'c', execution: { exitCode: 1 } }] }));
      const r = await run(process.execPath, [join(here, 'sum-vitest.mjs'), 'a', 'b', 'c'], { cwd: t.dir, env: { ...process.env, YG_TURBO_SUMMARY: join(t.dir, 'summary.json') } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('FILE FAILED (import or hook error) y.test.ts: Cannot find module');
      expect(r.stdout).toContain('b: NO REPORT');
      expect(r.stdout).toContain('RUN FAILED outside any test (exit code 1');
      expect(r.stdout.trim().split('\n').at(-1)).toBe('7 passed, 3 failed');
    } finally {
      t.cleanup();
    }
  });

  it('exits 0 when everything passed', async () => {
    const t = tree();
    try {
      t.write('a/test-results/vitest.json', report({ numPassedTests: 2 }));
      const r = await run(process.execPath, [join(here, 'sum-vitest.mjs'), 'a'], { cwd: t.dir });
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe('2 passed, 0 failed');
    } finally {
      t.cleanup();
    }
  });
});

describe('bench/run.mjs', () => {
  it('merges each bench last JSON line, records failures, and still exits 0', async () => {
    const t = tree();
    try {
      mkdirSync(join(t.dir, 'bench'));
      t.write('edge/bench/a.bench.mjs', 'console.log("warming up");\nconsole.log(JSON.stringify({ "edge.z_per_s": 10, "edge.a_ms": 1.5 }));\n');
      t.write('cloud/bench/b.bench.mjs', 'console.log("not json");\n');
      t.write('cloud/bench/c.bench.mjs', 'console.log(JSON.stringify({ "cloud.x": 3 }));\nprocess.exit(2);\n');
      t.write('console/bench/helper.mjs', 'throw new Error("not a bench: never run");\n');
      // run.mjs takes the repo root as the parent of its own directory
      copyFileSync(join(repo, 'bench', 'run.mjs'), join(t.dir, 'bench', 'run.mjs'));
      // ...and owns each bench's processes through the test process helper
      for (const f of ['index.js', 'owned.js']) t.write(`test/servers/${f}`, readFileSync(join(repo, 'test', 'servers', f), 'utf8'));
      const r = await run(process.execPath, [join(t.dir, 'bench', 'run.mjs')], { cwd: t.dir });
      expect(r.code).toBe(0);
      const results = JSON.parse(readFileSync(join(t.dir, 'bench', 'results.json'), 'utf8'));
      expect(Object.keys(results)).toEqual([...Object.keys(results)].sort());
      expect(results['edge.z_per_s']).toBe(10);
      expect(results['edge.a_ms']).toBe(1.5);
      expect(results['cloud.x']).toBe(3);
      expect(results['cloud/bench/c.bench.mjs.error']).toBe('exit code 2');
      expect(results['cloud/bench/b.bench.mjs.error']).toMatch(/not JSON: not json/);
      expect(results['bench.machine'].cpus).toBeGreaterThan(0);
      expect(results['bench.machine'].node).toBe(process.version);
      expect(Date.parse(results['bench.ran_at'])).not.toBeNaN();
      expect(r.stdout).toContain('edge.z_per_s');
    } finally {
      t.cleanup();
    }
  });

  it('works with no bench at all', async () => {
    const t = tree();
    try {
      mkdirSync(join(t.dir, 'bench'));
      copyFileSync(join(repo, 'bench', 'run.mjs'), join(t.dir, 'bench', 'run.mjs'));
      // ...and owns each bench's processes through the test process helper
      for (const f of ['index.js', 'owned.js']) t.write(`test/servers/${f}`, readFileSync(join(repo, 'test', 'servers', f), 'utf8'));
      const r = await run(process.execPath, [join(t.dir, 'bench', 'run.mjs')], { cwd: t.dir });
      expect(r.code).toBe(0);
      expect(Object.keys(JSON.parse(readFileSync(join(t.dir, 'bench', 'results.json'), 'utf8')))).toEqual(['bench.machine', 'bench.ran_at']);
    } finally {
      t.cleanup();
    }
  });
});
