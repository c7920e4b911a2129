/**
 * The cloud serves the console from console/dist. When it is missing (a fresh checkout where only
 * the test workspace ran), build it once, under a lock so two spec files or helpers never run two
 * vite builds into the same folder at the same time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { consoleDir, repoRoot } from './paths.js';

export function ensureConsoleBuilt(): void {
  const index = join(consoleDir, 'index.html');
  if (existsSync(index)) return;
  const r = spawnSync('flock', ['/tmp/yg-console-build.lock', 'sh', '-c', `test -f "${index}" || npm run build -w @yardguard/console`], {
    cwd: repoRoot, encoding: 'utf8', timeout: 300_000,
  });
  if (r.status !== 0 || !existsSync(index)) {
    throw new Error(`console/dist is missing and \`npm run build -w @yardguard/console\` failed (exit ${r.status}):\n${(r.stderr || r.stdout || '').slice(-2000)}`);
  }
}
