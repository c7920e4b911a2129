// fixed-dates-ok: the clock under test is injected (fake wall/monotonic sources); nothing here reads the real date.
import { describe, expect, it } from 'vitest';
import { Clock, ManualTime } from './clock.js';

describe('Clock', () => {
  it('has no cloud time until the cloud is seen in this boot, then follows monotonic time', () => {
    const t = new ManualTime();
    const clock = new Clock(t);
    expect(clock.cloudSynced).toBe(false);
    expect(clock.cloudMs()).toBeUndefined();
    expect(clock.bestMs()).toBe(t.wallMs());
    const cloudNow = Date.UTC(2026, 5, 1, 8, 0, 0);
    clock.observeCloudTime(new Date(cloudNow).toISOString());
    expect(clock.cloudMs()).toBe(cloudNow);
    t.advance(5_000);
    expect(clock.cloudMs()).toBe(cloudNow + 5_000);
    // NTP steps the Pi's wall clock by an hour: cloud time and durations do not jump.
    t.stepWall(3_600_000);
    expect(clock.cloudMs()).toBe(cloudNow + 5_000);
    expect(clock.monoMs()).toBe(6_000);
    expect(clock.wallMs()).toBe(Date.UTC(2026, 0, 15, 3, 0, 5));
  });

  it('ignores an unreadable cloud time', () => {
    const clock = new Clock(new ManualTime());
    clock.observeCloudTime('not a time');
    expect(clock.cloudSynced).toBe(false);
  });
});
