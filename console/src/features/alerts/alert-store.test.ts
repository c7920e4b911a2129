import { describe, expect, it } from 'vitest';
import { escalationDeadline, mergeAlerts, sortNewestFirst } from './alert-store.js';
import { makeAlert } from '../../test/fixtures.js';

/** A time `s` seconds after the start of the test (pure functions: only the order matters). */
const T0 = Date.now();
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

describe('alert store', () => {
  it('keeps the newer version of an alert when an older message arrives late', () => {
    const a = makeAlert(1, { status: 'acknowledged', updatedAt: at(10) });
    const stale = makeAlert(1, { status: 'new', updatedAt: at(5) });
    const m = mergeAlerts(mergeAlerts(new Map(), [a]), [stale]);
    expect(m.get('a1')?.status).toBe('acknowledged');
    expect(sortNewestFirst([makeAlert(1), makeAlert(3), makeAlert(2)]).map((x) => x.id)).toEqual(['a3', 'a2', 'a1']);
  });

  it('takes the escalation deadline from the cloud timer (nextEscalationAt), not from a copied rule', () => {
    const due = at(450);
    // a non-default policy and two escalations: whatever the cloud stored is the deadline
    expect(escalationDeadline(makeAlert(0, { severity: 'critical', escalationLevel: 2, nextEscalationAt: due }))).toBe(Date.parse(due));
    expect(escalationDeadline(makeAlert(0, { status: 'acknowledged', acknowledgedAt: at(0), nextEscalationAt: due }))).toBe(Date.parse(due));
    expect(escalationDeadline(makeAlert(0, { nextEscalationAt: null }))).toBeNull(); // maxEscalations reached: no timer
    expect(escalationDeadline(makeAlert(0, { status: 'resolved', nextEscalationAt: due }))).toBeNull();
  });
});
