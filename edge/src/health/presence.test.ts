/** The one presence model: signs of life, availability / last will, silence from start, and its listener. */
import { describe, expect, it } from 'vitest';
import type { EventBody } from '@yardguard/firmware-config';
import { EventBus } from '../bus.js';
import { silentLogger } from '../log.js';
import { openStateDb } from '../state/db.js';
import { testSite } from '../../test/support/helpers.js';
import { Presence } from './presence.js';

function build(opts: { mqtt?: string[] } = {}) {
  const log = silentLogger();
  let mono = 1_000;
  const events: { deviceId: string; body: EventBody }[] = [];
  const changes: string[] = [];
  const presence = new Presence({
    site: testSite({ columns: 1 }), db: openStateDb(':memory:'), bus: new EventBus(log), log,
    emit: async (deviceId, body) => void events.push({ deviceId, body }),
    mqttDeviceIds: opts.mqtt ?? ['gate-1', 'column-1'],
    timeoutMs: 10_000,
    now: () => 1_700_000_000_000 + mono,
    monoMs: () => mono,
    onChange: (deviceId, online) => void changes.push(`${deviceId} ${online ? 'online' : 'offline'}`),
  });
  return { presence, events, changes, advance: (ms: number) => void (mono += ms) };
}

describe('presence', () => {
  it('an MQTT device never heard from after start is offline after the timeout (heartbeat_timeout), not before', () => {
    const { presence, events, changes, advance } = build();
    advance(9_000);
    presence.check();
    expect(events).toEqual([]);
    expect(presence.of('gate-1')).toEqual({ online: undefined });
    advance(2_000);
    presence.check();
    expect(events.map((e) => [e.deviceId, e.body])).toEqual([
      ['gate-1', { type: 'device.offline', data: { kind: 'gate', reason: 'heartbeat_timeout' } }],
      ['column-1', { type: 'device.offline', data: { kind: 'alarm_column', reason: 'heartbeat_timeout' } }],
    ]);
    expect(changes).toEqual(['gate-1 offline', 'column-1 offline']);
  });

  it('any sign of life keeps it online (first one is a resync); silence then takes it offline; a last will at once', () => {
    const { presence, events, changes, advance } = build();
    presence.seen('gate-1');
    expect(events.at(-1)?.body).toEqual({ type: 'device.online', data: { kind: 'gate', resync: true } });
    expect(presence.of('gate-1')).toEqual({ online: true, lastSeenAt: new Date(1_700_000_001_000) });
    for (let i = 0; i < 5; i++) {
      advance(6_000);
      presence.seen('gate-1');
      presence.check();
    }
    expect(events.filter((e) => e.deviceId === 'gate-1')).toHaveLength(1);
    advance(10_001);
    presence.check();
    expect(events.at(-1)).toMatchObject({ deviceId: 'gate-1', body: { type: 'device.offline', data: { reason: 'heartbeat_timeout' } } });
    // Back: a plain online (it was known), then its last will.
    presence.seen('gate-1');
    expect(events.at(-1)?.body).toEqual({ type: 'device.online', data: { kind: 'gate' } });
    presence.set('gate-1', false, 'last_will');
    expect(events.at(-1)?.body).toEqual({ type: 'device.offline', data: { kind: 'gate', reason: 'last_will' } });
    // A disconnect right after its will changes nothing: one offline, with the will's reason.
    presence.set('gate-1', false, 'disconnected');
    expect(events.filter((e) => e.body.type === 'device.offline' && e.deviceId === 'gate-1')).toHaveLength(2);
    expect(changes.filter((c) => c.startsWith('gate-1'))).toEqual(['gate-1 online', 'gate-1 offline', 'gate-1 online', 'gate-1 offline']);
  });

  it('devices the broker cannot see (not MQTT) get no timeout: their adapter reports them', () => {
    const { presence, events, advance } = build({ mqtt: ['column-1'] });
    advance(60_000);
    presence.check();
    expect(events.map((e) => e.deviceId)).toEqual(['column-1']);
    presence.set('gate-1', true);
    advance(60_000);
    presence.check();
    expect(presence.of('gate-1').online).toBe(true);
  });

  it('a throwing listener is logged, not fatal: the event is still recorded', () => {
    const log = silentLogger();
    const events: EventBody[] = [];
    const presence = new Presence({
      site: testSite({ columns: 1 }), db: openStateDb(':memory:'), bus: new EventBus(log), log,
      emit: async (_id, body) => void events.push(body), mqttDeviceIds: ['gate-1'],
      onChange: () => {
        throw new Error('broken adapter');
      },
    });
    expect(() => presence.seen('gate-1')).not.toThrow();
    expect(events).toHaveLength(1);
  });
});
