import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const consoleDir = join(repoRoot, 'console', 'dist');
/** Screenshots of every browser spec, for a person to look at (gitignored). */
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');
