/** China time whatever the machine's zone and whatever the hour, with a clock the test controls. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chinaDate, formatTime, fromChinaLocal } from './format.js';

describe('China time', () => {
  afterEach(() => vi.useRealTimers());

  it('the roster default day is the China date, also before 08:00 Beijing (still yesterday in UTC)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T23:30:00Z')); // 07:30 on 2 December in Beijing
    expect(chinaDate()).toBe('2026-12-02');
    vi.setSystemTime(new Date('2026-12-01T15:59:00Z')); // 23:59 on 1 December in Beijing
    expect(chinaDate()).toBe('2026-12-01');
    vi.setSystemTime(new Date('2026-12-31T16:00:00Z')); // new year in Beijing, not in UTC
    expect(chinaDate()).toBe('2027-01-01');
  });

  it('a form time means China time; shown back in China time', () => {
    expect(fromChinaLocal('2026-12-02T08:00').toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(formatTime('2026-12-02T00:00:00.000Z', 'zh')).toContain('08:00:00');
    expect(formatTime('2026-12-01T23:30:05.000Z', 'en')).toContain('07:30:05');
  });
});
