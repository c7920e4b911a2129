/**
 * Where releases live on a Pi: ROOT/releases/<version>/ (each an unpacked release tarball) and
 * ROOT/current, a symbolic link to releases/<version> that systemd starts (through the launcher,
 * ROOT/bin/yardguard-launch). The running agent finds ROOT from its own file (Node resolves the
 * link, so dist/main.js sits in releases/<version>/dist). Switching is one atomic rename.
 */
import { existsSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReleaseLayout {
  root: string;
  releasesDir: string;
  currentLink: string;
}

/** The layout this agent runs from, or null when it does not run from ROOT/releases/<version> (a checkout, a test). */
export function layoutOf(distDir: string = dirname(fileURLToPath(import.meta.url)).replace(/[/\\]update$/, '')): ReleaseLayout | null {
  const releaseDir = resolve(distDir, '..');
  const releasesDir = dirname(releaseDir);
  if (basename(releasesDir) !== 'releases') return null;
  const root = dirname(releasesDir);
  const currentLink = join(root, 'current');
  if (!existsSync(currentLink)) return null;
  return { root, releasesDir, currentLink };
}

export function releaseDir(layout: ReleaseLayout, version: string): string {
  return join(layout.releasesDir, version);
}

/** The version `current` points at (null: no link). */
export function currentVersion(layout: ReleaseLayout): string | null {
  try {
    return basename(readlinkSync(layout.currentLink));
  } catch {
    return null;
  }
}

/** Point `current` at releases/<version>: a new link beside it, renamed over it (never missing). */
export function pointCurrentAt(layout: ReleaseLayout, version: string): void {
  if (!existsSync(releaseDir(layout, version))) throw new Error(`release ${version} is not unpacked in ${layout.releasesDir}`);
  const tmp = `${layout.currentLink}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(join('releases', version), tmp);
  renameSync(tmp, layout.currentLink);
}
