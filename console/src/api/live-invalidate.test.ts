import { describe, expect, it } from 'vitest';
import { staleKeys } from './live-invalidate.js';
import { queryKeys } from './queries.js';
import { makeAlert } from '../test/fixtures.js';

const at = new Date().toISOString();

describe('what a live message makes stale', () => {
  it('an incident message: the incident lists and that incident, nothing of the work orders', () => {
    expect(staleKeys({ id: 1, type: 'incident.update', compoundId: 'c1', at, incidentId: 'inc1' })).toEqual([queryKeys.incidents.lists, queryKeys.incidents.detail('inc1')]);
  });
  it('a work-order message: the work-order lists, the monthly table and that order, nothing of the incidents', () => {
    expect(staleKeys({ id: 2, type: 'work_order.update', compoundId: 'c1', at, workOrderId: 'w1' })).toEqual([
      queryKeys.workOrders.lists, queryKeys.workOrders.reports, queryKeys.workOrders.detail('w1'),
    ]);
  });
  it('alerts: a new one touches the incident lists and its incident; an update only its incident', () => {
    const alert = makeAlert(1, { incidentId: 'inc7' });
    expect(staleKeys({ id: 3, type: 'alert.new', compoundId: 'c1', at, alert })).toEqual([queryKeys.incidents.lists, queryKeys.incidents.detail('inc7')]);
    expect(staleKeys({ id: 4, type: 'alert.update', compoundId: 'c1', at, alert })).toEqual([queryKeys.incidents.detail('inc7')]);
    expect(staleKeys({ id: 5, type: 'alert.update', compoundId: 'c1', at, alert: makeAlert(2, { incidentId: null }) })).toEqual([]);
  });
  it('hello, pong and types this console does not know yet: nothing', () => {
    expect(staleKeys({ id: 6, type: 'hello', compoundId: null, at })).toEqual([]);
    expect(staleKeys({ id: 7, type: 'gate.future_thing', compoundId: 'c1', at })).toEqual([]);
  });
});
