import { describe, expect, it } from 'vitest';
import { ManualTime } from '../clock.js';
import { DeviceRateCap } from './device-rate-cap.js';

describe('DeviceRateCap', () => {
  it('allows a burst, then the sustained rate, per device, on monotonic time', () => {
    const t = new ManualTime();
    const cap = new DeviceRateCap({ perS: 2, burst: 3, monoMs: () => t.monoMs() });
    expect([1, 2, 3, 4].map(() => cap.take('gate-1'))).toEqual([true, true, true, false]);
    // Another device is not affected.
    expect(cap.take('column-1')).toBe(true);
    t.advance(500); // one token back at 2/s
    expect([cap.take('gate-1'), cap.take('gate-1')]).toEqual([true, false]);
    // A wall-clock step (NTP) gives no tokens.
    t.stepWall(3_600_000);
    expect(cap.take('gate-1')).toBe(false);
    expect(cap.refused.get('gate-1')).toBe(3);
    expect(cap.totalRefused).toBe(3);
  });
});
