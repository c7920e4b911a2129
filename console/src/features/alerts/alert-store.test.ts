import { describe, expect, it } from 'vitest';
import { escalationDeadline, mergeAlerts, sortNewestFirst } from './alert-store.js';
import { makeAlert } from '../../test/fixtures.js';

describe('alert store', () => {
  it('keeps the newer version of an alert when an older message arrives late', () => {
    const a = makeAlert(1, { status: 'acknowledged', updatedAt: '2026-11-24T08:00:10.000Z' });
    const stale = makeAlert(1, { status: 'new', updatedAt: '2026-11-24T08:00:05.000Z' });
    const m = mergeAlerts(mergeAlerts(new Map(), [a]), [stale]);
    expect(m.get('a1')?.status).toBe('acknowledged');
    expect(sortNewestFirst([makeAlert(1), makeAlert(3), makeAlert(2)]).map((x) => x.id)).toEqual(['a3', 'a2', 'a1']);
  });

  it('mirrors the cloud escalation timers', () => {
    const created = '2026-11-24T08:00:00.000Z';
    const t0 = Date.parse(created);
    // critical: ack timeout 60 s; a fold touched updatedAt but the timer stays
    expect(escalationDeadline(makeAlert(0, { severity: 'critical', createdAt: created, updatedAt: '2026-11-24T08:00:30.000Z' }))).toBe(t0 + 60_000);
    expect(escalationDeadline(makeAlert(0, { severity: 'critical', createdAt: created, escalationLevel: 2 }))).toBe(t0 + 180_000);
    expect(escalationDeadline(makeAlert(0, { severity: 'high', status: 'acknowledged', acknowledgedAt: created }))).toBe(t0 + 1_800_000);
    expect(escalationDeadline(makeAlert(0, { status: 'resolved' }))).toBeNull();
    expect(
      escalationDeadline(makeAlert(0, { escalationLevel: 3 }), {
        ackTimeoutS: { critical: 60, high: 60, medium: 60, low: 60 },
        resolveTimeoutS: { critical: 60, high: 60, medium: 60, low: 60 },
        maxEscalations: 3,
      }),
    ).toBeNull();
  });
});
