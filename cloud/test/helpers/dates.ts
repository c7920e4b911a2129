/**
 * Calendar days for tests, relative to the clock the test runs under and counted in China time (a
 * lease "ends on" a China-local day): a fixed date such as '2030-12-31' turns into the past one day.
 */
import { chinaLocalTime } from '../../src/incidents/local-time.js';

const DAY = 24 * 3600_000;

/** The China-local calendar day `days` from now (negative: in the past), as YYYY-MM-DD. */
export function chinaDay(days: number, now: number = Date.now()): string {
  return chinaLocalTime(new Date(now + days * DAY).toISOString()).slice(0, 10);
}
