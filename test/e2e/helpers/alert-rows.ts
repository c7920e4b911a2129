/**
 * When each alert row first appears on the guard's alert desk, recorded in the page by a
 * MutationObserver (wall clock, so Playwright's polling does not add to the figure). Used by the
 * alert-desk spec (delivery) and by the alert-desk bench (latency figures).
 */
import type { Page } from 'playwright-core';

export async function watchAlertRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __ygSeen: Record<string, number> };
    w.__ygSeen = {};
    const scan = () => {
      const now = Date.now();
      for (const el of document.querySelectorAll('[data-testid="alert-row"]')) {
        const id = el.getAttribute('data-alert-id');
        if (id && !(id in w.__ygSeen)) w.__ygSeen[id] = now;
      }
    };
    scan();
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-alert-id'] });
  });
}

/** The time (ms since the epoch) the row of `id` first appeared, or undefined. */
export const alertRowSeenAt = (page: Page, id: string): Promise<number | undefined> =>
  page.evaluate((alertId) => (window as unknown as { __ygSeen: Record<string, number> }).__ygSeen[alertId], id);
