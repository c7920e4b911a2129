/**
 * Emits `sw.js` into the build: the hand-written worker (pwa/sw.js) with the list of files the
 * build produced (scripts, styles, the public folder's icons and manifest) and a version derived
 * from that list, so every release gets a fresh cache and the old one is dropped.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

export function serviceWorker(opts: { source: string; publicDir: string }): Plugin {
  return {
    name: 'yg-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'sw.js');
      const publicFiles = filesUnder(opts.publicDir).map((p) => relative(opts.publicDir, p).split('\\').join('/'));
      const precache = ['./', 'index.html', ...new Set([...built, ...publicFiles])].sort();
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(opts.source, 'utf8')
        .replace('self.__YG_PRECACHE__', JSON.stringify(precache))
        .replace('self.__YG_VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
