#!/usr/bin/env node
// The attack suite's totals for `npm run bench`: runs test/attacks (every part: edge-*, ingress-*,
// decoders-fuzz and the cloud-* parts) with vitest, then sums the per-part tallies the parts write
// to test/test-results/attacks/<part>.json. Last stdout line: {"attacks.tried", "attacks.let_in",
// "attacks.crashed", "attacks.parts"}. Exits with vitest's status, so a failing part is also
// recorded as this bench's error next to the figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const testDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(testDir, 'test-results', 'attacks');
rmSync(resultsDir, { recursive: true, force: true });

const run = spawnSync('npx', ['vitest', 'run', 'attacks/'], { cwd: testDir, stdio: ['ignore', 'inherit', 'inherit'] });

const totals = { 'attacks.tried': 0, 'attacks.let_in': 0, 'attacks.crashed': 0, 'attacks.parts': 0 };
if (existsSync(resultsDir)) {
  for (const name of readdirSync(resultsDir).filter((n) => n.endsWith('.json')).sort()) {
    const r = JSON.parse(readFileSync(join(resultsDir, name), 'utf8'));
    totals['attacks.tried'] += r.tried;
    totals['attacks.let_in'] += Array.isArray(r.let_in) ? r.let_in.length : Number(r.let_in) || 0;
    totals['attacks.crashed'] += r.crashed;
    totals['attacks.parts'] += 1;
  }
}
console.log(JSON.stringify(totals));
process.exit(run.status ?? 1);
