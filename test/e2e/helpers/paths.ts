import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const consoleDir = join(repoRoot, 'console', 'dist');
export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');
