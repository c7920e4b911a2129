// fixed-dates-ok: the recorder gets an injected wall clock; the real date is never read.
import { describe, expect, it } from 'vitest';
import type { Event } from '@yardguard/firmware-config';
import { EventBus } from '../bus.js';
import { silentLogger } from '../log.js';
import { openStateDb } from '../state/db.js';
import { Outbox } from '../uplink/outbox.js';
import { EventRecorder } from './event-recorder.js';

function recorder(maxBytes = 1 << 30) {
  const order: string[] = [];
  const db = openStateDb(':memory:');
  const outbox = new Outbox({ db, log: silentLogger(), maxBytes, reserveBytes: 0 });
  const bus = new EventBus(silentLogger());
  bus.on('event', 'test', (e: Event) => void order.push(`bus ${e.type}`));
  const rec = new EventRecorder({
    outbox, bus, log: silentLogger(),
    identity: () => ({ compoundId: 'hx-lane-12', gatewayId: 'gw-test' }),
    wall: () => new Date(Date.UTC(2026, 0, 15, 2, 0, 0)),
    onCommitted: (e) => order.push(`rules ${e.type}`),
    onStored: () => order.push('forwarder'),
  });
  return { rec, order, outbox };
}

describe('EventRecorder', () => {
  it('stamps the event and feeds the rules before the fsync, then the bus and the forwarder', async () => {
    const { rec, order } = recorder();
    const e = await rec.emit('gate-1', { type: 'gate.forced_open', data: {} });
    expect(e).toMatchObject({ compoundId: 'hx-lane-12', gatewayId: 'gw-test', deviceId: 'gate-1', occurredAt: '2026-01-15T02:00:00.000Z', seq: 1 });
    order.push('durable');
    expect(order).toEqual(['rules gate.forced_open', 'bus gate.forced_open', 'forwarder', 'durable']);
  });

  it('a redelivered id reaches nobody a second time; a dropped event reaches nobody', async () => {
    const { rec, order } = recorder(300);
    await rec.emit('gate-1', { type: 'gate.forced_open', data: {} }, { id: '01a00000-0000-7000-8000-000000000001' });
    order.length = 0;
    const again = await rec.append('gate-1', { type: 'gate.forced_open', data: {} }, { id: '01a00000-0000-7000-8000-000000000001' });
    expect(again.status).toBe('duplicate');
    const dropped = await rec.append('gate-1', { type: 'gate.door_opened', data: {} });
    expect(dropped.status).toBe('dropped');
    expect(order).toEqual([]);
  });
});
