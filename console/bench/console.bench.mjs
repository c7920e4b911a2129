#!/usr/bin/env node
/**
 * Console benchmark (run after `vite build`). Prints one JSON line as the last stdout line:
 *   console.initial_js_gzip_kb        gzip size of the JS index.html loads up front (entry + modulepreloads)
 *   console.alert_desk_5000_render_ms median time to sort and render the alert desk with 5,000 alerts (jsdom)
 */
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('console/dist/index.html is missing: run `npm run build -w @yardguard/console` first');
  process.exit(1);
}

/** Scripts and module preloads referenced by index.html: what the browser fetches before the first paint. */
export function initialScripts(html) {
  const refs = new Set();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*rel="modulepreload"/g)) refs.add(m[1]);
  return [...refs];
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
let gzipBytes = 0;
for (const ref of initialScripts(html)) {
  const file = join(dist, ref.replace(/^\.?\//, ''));
  gzipBytes += gzipSync(readFileSync(file), { level: 9 }).length;
}
const initialKb = Math.round((gzipBytes / 1024) * 10) / 10;

const out = join(mkdtempSync(join(tmpdir(), 'yg-console-bench-')), 'render.json');
const vitest = spawnSync(process.execPath, [join(root, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'bench/vitest.config.ts'], {
  cwd: root,
  env: { ...process.env, BENCH_OUT: out },
  stdio: ['ignore', process.stderr, 'inherit'],
});
let renderMs = null;
if (vitest.status === 0 && existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  renderMs = Math.round(r.median * 10) / 10;
  console.log(`alert desk 5000: first ${r.first.toFixed(1)} ms, median of later runs ${r.median.toFixed(1)} ms`);
} else {
  console.error('the alert desk render benchmark failed');
}
rmSync(dirname(out), { recursive: true, force: true });
console.log(JSON.stringify({ 'console.initial_js_gzip_kb': initialKb, 'console.alert_desk_5000_render_ms': renderMs }));
