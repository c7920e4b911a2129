/**
 * The agent's version: the `version` of the package.json shipped beside dist/ (a release tarball
 * carries its own), so an over-the-air update reports the version it really runs.
 */
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const AGENT_VERSION = packageVersion();
