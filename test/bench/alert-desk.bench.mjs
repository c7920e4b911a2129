#!/usr/bin/env node
/**
 * End-to-end alert latency, found by bench/run.mjs (after a build). Prints one JSON line as the last
 * stdout line:
 *   e2e.alert_desk_p50_ms / e2e.alert_desk_p99_ms  forced door (GPIO contact on the simulated
 *     compound) -> edge rule -> MQTT uplink -> cloud ingest and routing -> WebSocket -> the alert row
 *     appearing on the guard's alert desk in Chromium; over YG_BENCH_ALERT_DESK_TRIALS (20) trials
 *     after a warm-up. Goal (issue 5): the guard sees it within one second.
 * The measurement runs in vitest (alert-desk.bench-test.ts) because it reuses the TypeScript e2e helpers.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnOwned } from '../servers/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(mkdtempSync(join(tmpdir(), 'yg-alert-desk-bench-')), 'figures.json');
const vitest = spawnOwned(process.execPath, [join(root, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'bench/vitest.config.ts'], {
  cwd: root,
  env: { ...process.env, BENCH_OUT: out },
  stdio: ['ignore', process.stderr, 'inherit'],
});
const status = await new Promise((resolve) => vitest.once('close', (code) => resolve(code)));
let keys = { 'e2e.alert_desk_p50_ms': null, 'e2e.alert_desk_p99_ms': null };
if (status === 0 && existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  keys = { 'e2e.alert_desk_p50_ms': r.p50, 'e2e.alert_desk_p99_ms': r.p99 };
} else {
  console.error(`the alert desk benchmark failed (vitest exit ${status})`);
}
rmSync(dirname(out), { recursive: true, force: true });
console.log(JSON.stringify(keys));
process.exit(status === 0 ? 0 : 1);
