#!/usr/bin/env node
// Benchmark runner (root `npm run bench`, after a build): runs every <workspace>/bench/*.bench.mjs one at
// a time as its own node process, takes the LAST stdout line of each as a JSON object of flat keys,
// merges them into bench/results.json (flat, keys sorted) with bench.ran_at and bench.machine, and
// prints a table. A bench that fails is recorded as "<file>.error" and does not stop the others;
// the runner exits 0 so one broken bench never hides the rest.
// `node bench/run.mjs <part of a path>...` runs only the matching benches and keeps the other keys on
// record; `faults.*` keys (written by `npm run faults`) are always kept. A bench that needs longer than
// the default limit says so in its first lines: `// bench-timeout-min: 30`.
import { spawnOwned } from '../test/servers/index.js';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspaces = ['firmware-config', 'edge', 'cloud', 'console', 'test'];
/** A bench should take about 2 minutes; past this it is killed and recorded as an error. */
const defaultTimeoutMs = Number(process.env.YG_BENCH_TIMEOUT_MS ?? 10 * 60_000);
const only = process.argv.slice(2);
const resultsFile = join(root, 'bench', 'results.json');

function timeoutFor(file) {
  const declared = /bench-timeout-min:\s*(\d+)/.exec(readFileSync(file, 'utf8').slice(0, 4000))?.[1];
  return declared && !process.env.YG_BENCH_TIMEOUT_MS ? Number(declared) * 60_000 : defaultTimeoutMs;
}

function findBenches() {
  const files = [];
  for (const ws of workspaces) {
    const dir = join(root, ws, 'bench');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.bench.mjs')) files.push(join(dir, name));
    }
  }
  return only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
}

/** Keys on record that this run does not replace: faults always, everything when only some benches run. */
function keptFromRecord(ran) {
  if (!existsSync(resultsFile)) return {};
  const previous = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const ranNames = new Set(ran.map((f) => relative(root, f)));
  return Object.fromEntries(Object.entries(previous).filter(([k]) => k.startsWith('faults.') || (only.length > 0 && !k.startsWith('bench.') && ![...ranNames].some((n) => k.startsWith(`${n}.`)))));
}

/** Run one bench; resolve with its stdout and how it ended. Its stderr and stdout stream through. */
function runBench(file) {
  const timeoutMs = timeoutFor(file);
  return new Promise((resolve) => {
    // Owned: a bench killed on timeout (or this runner killed) takes every process it started along.
    const child = spawnOwned(process.execPath, [file], { cwd: dirname(dirname(file)), stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => resolve({ stdout, problem: err.message }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const problem = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` (timeout ${timeoutMs} ms?)` : ''}` : code ? `exit code ${code}` : null;
      resolve({ stdout, problem });
    });
  });
}

/** The last non-empty stdout line, parsed as a flat JSON object of numbers/strings/booleans. */
function parseLastLine(stdout) {
  const last = stdout.trim().split('\n').pop() ?? '';
  let value;
  try {
    value = JSON.parse(last);
  } catch {
    throw new Error(`last stdout line is not JSON: ${last.slice(0, 200) || '(empty)'}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('last stdout line is not a JSON object');
  const flat = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object') throw new Error(`key ${k} is not flat`);
    flat[k] = v;
  }
  return flat;
}

const benches = findBenches();
const results = keptFromRecord(benches);
if (benches.length === 0) console.log('no */bench/*.bench.mjs found');
for (const file of benches) {
  const name = relative(root, file);
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const { stdout, problem } = await runBench(file);
  let keys = {};
  try {
    keys = parseLastLine(stdout);
  } catch (err) {
    results[`${name}.error`] = problem ? `${problem}; ${err.message}` : err.message;
  }
  // A bench that printed its JSON and then exited non-zero still reports its figures, plus the error.
  if (problem && Object.keys(keys).length > 0) results[`${name}.error`] = problem;
  Object.assign(results, keys);
  console.log(`=== ${name}: ${Object.keys(keys).length} keys in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

results['bench.ran_at'] = new Date().toISOString();
results['bench.machine'] = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  mem_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
};
const sorted = Object.fromEntries(Object.keys(results).sort().map((k) => [k, results[k]]));
writeFileSync(resultsFile, JSON.stringify(sorted, null, 2) + '\n');

const width = Math.max(...Object.keys(sorted).map((k) => k.length));
console.log('\nkey'.padEnd(width + 1) + '  value');
for (const [k, v] of Object.entries(sorted)) {
  console.log(`${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : v}`);
}
console.log(`\nwritten to ${relative(process.cwd(), join(root, 'bench', 'results.json')) || 'bench/results.json'}`);
process.exit(0);
