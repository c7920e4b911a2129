import { describe, expect, it } from 'vitest';
import { newId, SCHEMA_VERSION, type CommandAction, type Event, type EventBody, type SiteConfig } from '@yardguard/firmware-config';
import { silentLogger } from '../log.js';
import { sampleSite, sampleSiteWith } from '../devices/test-site.js';
import type { CommandOutcome } from '../devices/types.js';
import { createRulesEngine } from './engine.js';
import type { AlertBody } from './types.js';
// fixed-dates-ok: the engine gets an injected clock (`now`) the test moves.

let seq = 0;
function event(deviceId: string, body: EventBody): Event {
  return { v: SCHEMA_VERSION, id: newId(), compoundId: 'c', gatewayId: 'gw', deviceId, occurredAt: new Date().toISOString(), seq: ++seq, ...body } as Event;
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

function harness(site: SiteConfig, opts: { failSiren?: boolean; snapshotDelayMs?: number } = {}) {
  let clock = new Date('2026-11-24T02:00:00Z').getTime();
  /** The wall clock's NTP steps, on top of the monotonic `clock`. */
  let wallStep = 0;
  const executed: { deviceId: string; action: CommandAction }[] = [];
  const alerts: { body: AlertBody; deviceId: string }[] = [];
  const engine = createRulesEngine({
    site,
    log: silentLogger(),
    now: () => new Date(clock + wallStep),
    monoMs: () => clock,
    async execute(deviceId, action): Promise<CommandOutcome> {
      executed.push({ deviceId, action });
      if (action.action === 'siren.start' && opts.failSiren) throw new Error('column exploded');
      if (action.action === 'camera.snapshot') {
        await new Promise((r) => setTimeout(r, opts.snapshotDelayMs ?? 1));
        return { status: 'ok', outcome: 'snapshot_taken', data: { snapshotId: `snap-${deviceId}` } };
      }
      return { status: 'ok', outcome: 'siren_started' };
    },
    async raiseAlert(body, deviceId) {
      alerts.push({ body, deviceId });
      return event(deviceId, body);
    },
  });
  return { engine, executed, alerts, advance: (ms: number) => (clock += ms), stepWall: (ms: number) => (wallStep += ms) };
}

describe('rules engine', () => {
  it('door forced -> siren on the nearest column, snapshot of the covering camera, alert keyed device:kind', async () => {
    const { engine, executed, alerts } = harness(sampleSite('small'));
    const forced = event('gate-main', { type: 'gate.forced_open', data: {} });
    engine.onEvent(forced);
    // siren and alert start synchronously, before any snapshot finished
    expect(executed[0]).toEqual({ deviceId: 'column-1', action: { action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } } });
    expect(executed[1]).toEqual({ deviceId: 'cam-gate', action: { action: 'camera.snapshot', params: { reason: 'rule' } } });
    expect(executed).toHaveLength(2);
    expect(alerts[0]).toEqual({
      deviceId: 'gate-main',
      body: { type: 'alert.raised', data: { key: 'gate-main:door_forced', kind: 'door_forced', severity: 'critical', title: '门被强行打开', ruleId: 'door-forced', causeEventId: forced.id } },
    });
    // follow-up with the snapshot ids, same key and cause
    await waitFor(() => alerts.length === 2);
    expect(alerts[1]!.body.data).toMatchObject({ key: 'gate-main:door_forced', causeEventId: forced.id, snapshotIds: ['snap-cam-gate'] });
  });

  it('nearest column and covering cameras follow the site layout (large compound)', () => {
    const { engine, executed } = harness(sampleSite('large'));
    engine.onEvent(event('gate-bike', { type: 'gate.forced_open', data: {} }));
    engine.onEvent(event('gate-building-2', { type: 'gate.forced_open', data: {} }));
    const sirens = executed.filter((x) => x.action.action === 'siren.start').map((x) => x.deviceId);
    expect(sirens).toEqual(['column-south', 'column-yard']);
    const cams = executed.filter((x) => x.action.action === 'camera.snapshot').map((x) => x.deviceId);
    expect(cams).toContain('cam-bike');
  });

  it('cooldown per rule and device', () => {
    const { engine, executed, alerts, advance } = harness(sampleSite('small'));
    engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }));
    advance(10_000);
    engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }));
    expect(alerts).toHaveLength(1);
    expect(engine.stats()).toMatchObject({ fired: 1, cooledDown: 1 });
    advance(21_000);
    engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }));
    expect(alerts).toHaveLength(2);
    expect(executed.filter((x) => x.action.action === 'siren.start')).toHaveLength(2);
  });

  it('cooldowns run on the monotonic clock: an NTP step of the wall clock neither ends nor stretches one', () => {
    const { engine, alerts, advance, stepWall } = harness(sampleSite('small'));
    engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }));
    stepWall(3_600_000); // the Pi's clock jumps an hour ahead when NTP syncs
    engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }));
    expect(alerts).toHaveLength(1);
    stepWall(-7_200_000); // and back
    advance(31_000);
    engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }));
    expect(alerts).toHaveLength(2);
  });

  it('device filter: a rule limited to one gate ignores the others', () => {
    const site = sampleSiteWith('large', (s) => ({
      ...s,
      rules: [{ id: 'north-only', when: { event: 'gate.forced_open', devices: ['gate-north'] }, then: [{ do: 'alert', severity: 'high', title: 'north forced' }] }],
    }));
    const { engine, alerts } = harness(site);
    engine.onEvent(event('gate-south', { type: 'gate.forced_open', data: {} }));
    expect(alerts).toHaveLength(0);
    engine.onEvent(event('gate-north', { type: 'gate.forced_open', data: {} }));
    expect(alerts.map((a) => a.body.data.key)).toEqual(['gate-north:door_forced']);
  });

  it('one-key alarm and offline triggers map to their alert kinds; offline only while guarded', () => {
    const { engine, alerts } = harness(sampleSite('small'));
    engine.onEvent(event('column-1', { type: 'alarm.button_pressed', data: {} }));
    engine.onEvent(event('cam-yard', { type: 'camera.offline', data: { reason: 'probe_failed' } }));
    engine.onEvent(event('gate-main', { type: 'device.offline', data: { kind: 'gate', reason: 'heartbeat_timeout' } }));
    expect(alerts.map((a) => a.body.data.key)).toEqual(['column-1:alarm_button', 'cam-yard:camera_offline', 'gate-main:device_offline']);

    // the same camera's presence-level device.offline does not raise a second alert
    engine.onEvent(event('cam-yard', { type: 'device.offline', data: { kind: 'camera', reason: 'probe_failed' } }));
    expect(alerts).toHaveLength(3);

    const unguarded = harness(sampleSiteWith('small', (s) => ({ ...s, gateway: { ...s.gateway, guarded: false } })));
    unguarded.engine.onEvent(event('gate-main', { type: 'device.offline', data: { kind: 'gate', reason: 'heartbeat_timeout' } }));
    expect(unguarded.alerts).toHaveLength(0);
  });

  it('a failing action never throws into the caller and the alert still goes out', () => {
    const { engine, alerts } = harness(sampleSite('small'), { failSiren: true });
    expect(() => engine.onEvent(event('gate-main', { type: 'gate.forced_open', data: {} }))).not.toThrow();
    expect(alerts).toHaveLength(1);
    expect(() => engine.onEvent({ type: 'gate.forced_open' } as unknown as Event)).not.toThrow();
  });

  it('ignores events that are not triggers and tamper ends', () => {
    const { engine, alerts, executed } = harness(sampleSiteWith('small', (s) => ({
      ...s,
      rules: [{ id: 'tamper', when: { event: 'camera.tamper', devices: [] }, then: [{ do: 'alert', severity: 'high', title: 't' }] }],
    })));
    engine.onEvent(event('gate-main', { type: 'gate.door_opened', data: {} }));
    engine.onEvent(event('cam-gate', { type: 'camera.tamper', data: { active: false } }));
    expect(alerts).toHaveLength(0);
    engine.onEvent(event('cam-gate', { type: 'camera.tamper', data: { active: true } }));
    expect(alerts.map((a) => a.body.data.key)).toEqual(['cam-gate:tamper']);
    expect(executed).toHaveLength(0);
  });
});
