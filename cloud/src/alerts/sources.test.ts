import { describe, expect, it } from 'vitest';
import { newId, type Event } from '@yardguard/firmware-config';
import { alertFromEvent, keysClearedBy } from './sources.js';
// fixed-dates-ok: event times are data for pure key/mapping functions; no clock is read.

const base = { v: 1 as const, compoundId: 'c1', gatewayId: 'gw1', deviceId: 'cam-gate', occurredAt: '2026-11-24T02:00:00Z', seq: 1 };

describe('alert keys', () => {
  it("an edge rule's camera alert and the cloud's own camera.offline alert share one key (they fold)", () => {
    const fromRule = alertFromEvent({
      ...base, id: newId(), type: 'alert.raised',
      data: { key: 'cam-gate:camera_offline', kind: 'camera_offline', severity: 'high', title: '摄像头离线' },
    } as Event);
    const fromEvent = alertFromEvent({ ...base, id: newId(), type: 'camera.offline', data: { reason: 'probe_failed' } } as Event);
    expect(fromRule?.key).toBe('gw1.cam-gate:camera_offline');
    expect(fromEvent?.key).toBe(fromRule?.key);
  });

  it('a device coming back clears the keys its offline alerts used', () => {
    const offline = alertFromEvent({ ...base, id: newId(), type: 'device.offline', data: { kind: 'camera', reason: 'heartbeat_timeout' } } as Event);
    const cleared = keysClearedBy({ ...base, id: newId(), type: 'device.online', data: { kind: 'camera' } } as Event);
    expect(cleared).toContain(offline?.key);
  });

  it('routine events raise nothing', () => {
    expect(alertFromEvent({ ...base, id: newId(), type: 'gate.door_opened', data: {} } as Event)).toBeNull();
  });
});
