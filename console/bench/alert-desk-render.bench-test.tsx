/**
 * Measures rendering the alert desk's list with 5,000 alerts in jsdom (sort + first render +
 * commit), median of several runs after a warm-up. Run by console.bench.mjs; writes the figure to
 * $BENCH_OUT. Not part of `npm test` (no timed assertions in tests).
 */
import { writeFileSync } from 'node:fs';
import { act } from 'react';
import { expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { I18nProvider } from '../src/i18n/i18n.js';
import { SessionProvider } from '../src/api/session.js';
import { AlertDeskView } from '../src/features/alerts/AlertDeskView.js';
import { mergeAlerts, sortForDesk } from '../src/features/alerts/alert-store.js';
import { makeAlerts } from '../src/test/fixtures.js';

it('renders 5,000 alerts', () => {
  const alerts = makeAlerts(5000);
  const names = new Map([['c1', '建设路 12 号院'], ['c2', '棉纺路 3 号院']]);
  const times: number[] = [];
  for (let run = 0; run < 8; run++) {
    const t0 = performance.now();
    const sorted = sortForDesk(mergeAlerts(new Map(), alerts).values());
    act(() => {
      render(
        <I18nProvider initial="zh">
          <SessionProvider initial={null}>
            <AlertDeskView alerts={sorted} compoundNames={names} onAck={() => {}} onResolve={() => {}} />
          </SessionProvider>
        </I18nProvider>,
      );
    });
    times.push(performance.now() - t0);
    expect(document.querySelectorAll('[data-testid=alert-row]').length).toBeLessThan(60);
    cleanup();
  }
  const steady = times.slice(2).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)]!;
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ median, first: times[0], runs: times }));
});
