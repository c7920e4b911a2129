// Tests pass on any day: a fixed date (ISO text, epoch ms, Date.UTC(...)) in a test or fixture that the real clock is compared with
// flips the test once that day has passed (issue 8: a work order "due 2026-11-25" became overdue and
// CI failed on every branch). So a test or fixture file may spell an ISO date only if it controls the
// clock (vi.useFakeTimers / vi.setSystemTime / the cloud's manualClock), or says why the date never
// meets the real clock with a `fixed-dates-ok: <why>` comment (pure functions, parsers, an injected
// `now`). Everything else builds times from the clock the test runs under (e.g. console's fixtures).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeFiles, repoRoot as root } from './code-files.js';

/** Test code: test files, bench tests, and whatever lives in a test/e2e/bench-test support folder (fixtures, helpers). */
export function isTestCode(rel: string): boolean {
  return /\.(test|spec|bench-test)\.[cm]?[jt]sx?$/.test(rel) || /(^|\/)(test|tests|e2e|fixtures)\//.test(rel);
}

/** An ISO date, an epoch-milliseconds literal of this era, or a calendar date built by hand. */
const FIXED_TIME = new RegExp(
  [
    /(?<![0-9])(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![0-9])/.source,
    /(?<![\d_.])1[5-9]\d{11}(?![\d_])/.source,
    /Date\.UTC\(\s*(19|20)\d\d|new Date\(\s*(19|20)\d\d\s*,/.source,
  ].join('|'),
);
const CONTROLS_CLOCK = /vi\.useFakeTimers|vi\.setSystemTime|manualClock\(/;
const SAYS_WHY = /fixed-dates-ok:\s*\S/;

/** Lines of `text` that spell an ISO date outside a comment; none when the file controls the clock or says why. */
export function fixedDateLines(text: string): string[] {
  if (CONTROLS_CLOCK.test(text) || SAYS_WHY.test(text)) return [];
  return text.split('\n').filter((line) => {
    const t = line.trimStart();
    return FIXED_TIME.test(line) && !t.startsWith('//') && !t.startsWith('*') && !t.startsWith('/*');
  });
}

describe('no test depends on the day it runs', () => {
  const self = fileURLToPath(import.meta.url);
  const files = ['firmware-config', 'edge', 'cloud', 'console', 'test', 'bench']
    .flatMap((d) => codeFiles(join(root, d)))
    .filter((f) => f !== self && !f.endsWith('.d.ts') && isTestCode(relative(root, f)));

  it('scans the test code of every package (guard against a vacuous pass)', () => {
    for (const pkg of ['firmware-config/', 'edge/', 'cloud/', 'console/', 'test/']) {
      expect(files.some((f) => relative(root, f).startsWith(pkg)), pkg).toBe(true);
    }
    expect(files.length).toBeGreaterThan(50);
  });

  it('no test or fixture spells a fixed date unless it controls the clock or says why the date never meets it', () => {
    const offenders = files.flatMap((f) => fixedDateLines(readFileSync(f, 'utf8')).map((l) => `${relative(root, f)}: ${l.trim().slice(0, 160)}`));
    expect(offenders, 'build times from the test clock (Date.now() under vi.setSystemTime, or an injected now), or add `// fixed-dates-ok: <why>`').toEqual([]);
  });

  it('the detector catches a fixed due date, and lets a controlled clock or a stated reason through', () => {
    const fixture = "export const wo = { dueAt: '2026-11-25T08:00:00.000Z' };";
    expect(fixedDateLines(fixture)).toHaveLength(1);
    expect(fixedDateLines(`vi.setSystemTime(new Date('2026-11-24T00:00:00Z'));\n${fixture}`)).toEqual([]);
    expect(fixedDateLines(`// fixed-dates-ok: parser test, no clock\n${fixture}`)).toEqual([]);
    expect(fixedDateLines('const due = new Date(Date.now() + 3_600_000).toISOString();')).toEqual([]);
    expect(fixedDateLines('// on 2026-11-25 this broke')).toEqual([]);
    expect(fixedDateLines('const due = 1764057600000;')).toHaveLength(1);
    expect(fixedDateLines('const due = Date.UTC(2026, 10, 25);')).toHaveLength(1);
    expect(fixedDateLines('const due = new Date(2026, 10, 25);')).toHaveLength(1);
    expect(fixedDateLines('const bytes = 20_000; const n = 123456789012;')).toEqual([]);
    expect(isTestCode('console/src/test/fixtures.ts')).toBe(true);
    expect(isTestCode('console/src/features/work-orders/WorkOrders.tsx')).toBe(false);
  });
});
