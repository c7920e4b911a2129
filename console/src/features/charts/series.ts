/**
 * Time series computed in the browser from the event and alert lists (the cloud has no
 * time-series endpoint yet; when it adds one, only this file needs to change).
 */
import type { Alert, StoredEvent } from '../../api/types.js';
import type { Bar } from './BarChart.js';

export type Range = '24h' | '7d' | '30d';
export const rangeMs: Record<Range, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

const pad = (n: number) => String(n).padStart(2, '0');
/** China has one offset all year (UTC+8, no daylight saving): labels and day boundaries in Beijing time wherever the browser is. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const chinaClock = (ms: number) => new Date(ms + CHINA_OFFSET_MS);
export const chinaHourLabel = (ms: number) => pad(chinaClock(ms).getUTCHours());
export const chinaDayLabel = (ms: number) => `${chinaClock(ms).getUTCMonth() + 1}/${chinaClock(ms).getUTCDate()}`;

/** Count items into fixed buckets ending at `now` (hourly for 24 h, daily otherwise). */
export function bucketCounts(times: readonly string[], range: Range, now: number, bucket: 'hour' | 'day'): Bar[] {
  const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const n = Math.ceil(rangeMs[range] / size);
  const end = bucket === 'hour' ? Math.ceil(now / size) * size : endOfChinaDay(now);
  const start = end - n * size;
  const counts = new Array<number>(n).fill(0);
  for (const t of times) {
    const x = Date.parse(t);
    if (x < start || x >= end) continue;
    counts[Math.floor((x - start) / size)]!++;
  }
  return counts.map((value, i) => {
    const at = start + i * size;
    return { label: bucket === 'hour' ? chinaHourLabel(at) : chinaDayLabel(at), value };
  });
}

/** The end of the current day in China (midnight Beijing time). */
function endOfChinaDay(now: number): number {
  const day = 86_400_000;
  return Math.floor((now + CHINA_OFFSET_MS) / day) * day + day - CHINA_OFFSET_MS;
}

export function eventsPerHour(events: readonly StoredEvent[], range: Range, now: number): Bar[] {
  return bucketCounts(
    events.map((e) => e.occurredAt),
    range,
    now,
    range === '24h' ? 'hour' : 'day',
  );
}

export function alarmsPerDay(alerts: readonly Alert[], range: Range, now: number): Bar[] {
  return bucketCounts(
    alerts.map((a) => a.createdAt),
    range === '24h' ? '7d' : range,
    now,
    'day',
  );
}

export function gateOpensByMethod(events: readonly StoredEvent[]): { method: string; value: number }[] {
  const m = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'gate.access_granted') continue;
    const method = (e.data as { method?: unknown } | null)?.method;
    const key = typeof method === 'string' ? method : 'other';
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([method, value]) => ({ method, value }));
}

/**
 * Share of the observed time each device was online, from its device.online / device.offline
 * events. Observation starts at the device's first change in the range: what it was before is not
 * in the list (the cloud's time-series chart reports the same ratio over its observed time).
 */
export function deviceUptime(events: readonly StoredEvent[], range: Range, now: number): { deviceId: string; pct: number }[] {
  const start = now - rangeMs[range];
  const byDevice = new Map<string, { at: number; online: boolean }[]>();
  for (const e of events) {
    if (e.type !== 'device.online' && e.type !== 'device.offline') continue;
    const at = Date.parse(e.occurredAt);
    if (at < start || at > now) continue;
    const key = `${e.gatewayId}.${e.deviceId}`;
    const list = byDevice.get(key) ?? [];
    list.push({ at, online: e.type === 'device.online' });
    byDevice.set(key, list);
  }
  const out: { deviceId: string; pct: number }[] = [];
  for (const [deviceId, list] of byDevice) {
    list.sort((a, b) => a.at - b.at);
    const first = list[0]!.at;
    let up = 0;
    list.forEach((c, i) => {
      const until = list[i + 1]?.at ?? now;
      if (c.online) up += until - c.at;
    });
    const observed = now - first;
    out.push({ deviceId, pct: observed > 0 ? Math.round((up / observed) * 1000) / 10 : list.at(-1)!.online ? 100 : 0 });
  }
  return out.sort((a, b) => a.pct - b.pct);
}
