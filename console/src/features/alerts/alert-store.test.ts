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

  it('takes the escalation deadline from the cloud timer (nextEscalationAt), not from a copied rule', () => {
    const due = '2026-11-24T08:07:30.000Z';
    // a non-default policy and two escalations: whatever the cloud stored is the deadline
    expect(escalationDeadline(makeAlert(0, { severity: 'critical', escalationLevel: 2, nextEscalationAt: due }))).toBe(Date.parse(due));
    expect(escalationDeadline(makeAlert(0, { status: 'acknowledged', acknowledgedAt: '2026-11-24T08:00:00.000Z', nextEscalationAt: due }))).toBe(Date.parse(due));
    expect(escalationDeadline(makeAlert(0, { nextEscalationAt: null }))).toBeNull(); // maxEscalations reached: no timer
    expect(escalationDeadline(makeAlert(0, { status: 'resolved', nextEscalationAt: due }))).toBeNull();
  });
});
