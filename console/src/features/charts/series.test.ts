import { describe, expect, it } from 'vitest';
import { bucketCounts, deviceUptime, gateOpensByMethod } from './series.js';
import type { StoredEvent } from '../../api/types.js';
// fixed-dates-ok: the series functions get `now` injected.

const ev = (type: string, at: number, data: unknown = {}, deviceId = 'gate-east'): StoredEvent => ({
  id: `${type}-${at}`, compoundId: 'c1', gatewayId: 'gw1', deviceId, seq: 1, type, occurredAt: new Date(at).toISOString(), receivedAt: new Date(at).toISOString(), data,
});

describe('chart series from the event list', () => {
  const now = Date.parse('2026-11-24T12:30:00Z');

  it('counts events into 24 hourly buckets ending at the current hour', () => {
    const bars = bucketCounts([new Date(now - 10 * 60_000).toISOString(), new Date(now - 20 * 60_000).toISOString(), new Date(now - 5 * 3_600_000).toISOString(), new Date(now - 30 * 3_600_000).toISOString()], '24h', now, 'hour');
    expect(bars).toHaveLength(24);
    expect(bars.at(-1)!.value).toBe(2);
    expect(bars.reduce((s, b) => s + b.value, 0)).toBe(3);
  });

  it('labels hours and days in China time and cuts days at Beijing midnight, whatever the browser\'s zone', () => {
    expect(bucketCounts([], '24h', now, 'hour').at(-1)!.label).toBe('20'); // 12:00 UTC = 20:00 Beijing
    // 01:00 Beijing on 11/25 is still 11/24 in UTC: an event at 00:30 Beijing counts on 11/25.
    const earlyMorning = Date.parse('2026-11-24T17:00:00Z');
    const days = bucketCounts(['2026-11-24T16:30:00Z', '2026-11-24T15:30:00Z'], '7d', earlyMorning, 'day');
    expect(days.slice(-2)).toEqual([{ label: '11/24', value: 1 }, { label: '11/25', value: 1 }]);
  });

  it('groups gate opens by method', () => {
    const events = [ev('gate.access_granted', now, { method: 'card' }), ev('gate.access_granted', now, { method: 'card' }), ev('gate.access_granted', now, { method: 'app' }), ev('gate.forced_open', now)];
    expect(gateOpensByMethod(events)).toEqual([{ method: 'card', value: 2 }, { method: 'app', value: 1 }]);
  });

  it('computes uptime over the observed time from online/offline changes', () => {
    const h = 3_600_000;
    // offline 12 h ago, online again 6 h ago: up half of the 12 observed hours
    const events = [ev('device.offline', now - 12 * h), ev('device.online', now - 6 * h), ev('device.online', now - 30 * h)];
    expect(deviceUptime(events, '24h', now)).toEqual([{ deviceId: 'gw1.gate-east', pct: 50 }]);
    expect(deviceUptime([ev('device.online', now - 2 * h), ev('device.offline', now - h, {}, 'cam')], '24h', now)).toEqual([
      { deviceId: 'gw1.cam', pct: 0 },
      { deviceId: 'gw1.gate-east', pct: 100 },
    ]);
  });
});
