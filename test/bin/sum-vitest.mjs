// Sum the vitest JSON reports (<pkg>/test-results/vitest.json) of the given package dirs.
// Prints one line per package, then the closing line `N passed, N failed[, N skipped]`.
// Exit 1 when anything failed or a package left no report (it crashed before vitest could write one).
import { readFileSync } from 'node:fs';

// Exit code of each package's test task, from `turbo run test --summarize` (path in YG_TURBO_SUMMARY).
const exitCodes = new Map();
if (process.env.YG_TURBO_SUMMARY) {
  try {
    const summary = JSON.parse(readFileSync(process.env.YG_TURBO_SUMMARY, 'utf8'));
    for (const t of summary.tasks ?? []) exitCodes.set(t.directory, t.execution?.exitCode);
  } catch (err) {
    console.log(`(turbo summary unreadable: ${err.message})`);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;
for (const pkg of process.argv.slice(2)) {
  const file = `${pkg}/test-results/vitest.json`;
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.log(`${pkg}: NO REPORT (${file} missing: the test run crashed or was not vitest)`);
    totals.failed += 1;
    broken = true;
    continue;
  }
  const passed = report.numPassedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails without a failed test (import error, a beforeAll that throws: its tests are
  // skipped or absent) counts as one failure.
  const deadFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  let failed = (report.numFailedTests ?? 0) + deadFiles.length;
  // Vitest exits non-zero on errors outside any test (unhandled rejections, a crashed worker) while
  // every test passed: count that run as one failure so the closing line agrees with the exit status.
  const exitCode = exitCodes.get(pkg.replace(/\/+$/, ''));
  const unhandled = failed === 0 && (report.success === false || (exitCode !== undefined && exitCode !== 0));
  if (unhandled) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  const notes = deadFiles.map((f) => `\n    FILE FAILED (import or hook error) ${f.name.replace(process.cwd() + '/', '')}${f.message ? ': ' + f.message.split('\n')[0] : ''}`);
  const failedNames = (report.testResults ?? []).flatMap((f) =>
    (f.assertionResults ?? []).filter((a) => a.status === 'failed').map((a) => `\n    FAILED ${a.fullName}`),
  );
  if (unhandled) notes.push(`\n    RUN FAILED outside any test (exit code ${exitCode ?? '?'}: unhandled error or crashed worker, see the vitest output above)`);
  console.log(`${pkg}: ${passed} passed, ${failed} failed, ${skipped} skipped${notes.join('')}${failedNames.join('')}`);
}
const skippedPart = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skippedPart}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
