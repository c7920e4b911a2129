/** The device host on its own: uplink routing, the per-device cap, and a swap with the rules running. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, validateSiteConfig, type CommandAction, type Event, type SiteConfig } from '@yardguard/firmware-config';
import { EventBus } from '../bus.js';
import { Clock, ManualTime } from '../clock.js';
import { DeviceLogins } from '../broker/device-auth.js';
import { EventRecorder } from '../events/event-recorder.js';
import { silentLogger } from '../log.js';
import { openStateDb } from '../state/db.js';
import { Outbox } from '../uplink/outbox.js';
import { DeviceHost, type RulesFactory } from './device-host.js';
import type { DeviceAdapter } from './types.js';

function site(version: number, devicePerS = 20): SiteConfig {
  const r = validateSiteConfig({
    version: 1,
    configVersion: version,
    compound: { id: 'hx-lane-12', name: '和兴巷12号院' },
    gateway: { id: 'gw-test', outbox: { maxMb: 64, devicePerS, deviceBurst: 2 } },
    gates: [{ id: 'gate-1', name: 'gate', driver: 'mqtt', mqtt: { username: 'gate-1', passwordHash: 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' } }],
    rules: [],
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function build(s: SiteConfig, opts: { rules?: RulesFactory; startDelay?: () => Promise<void> } = {}) {
  const log = silentLogger();
  const db = openStateDb(':memory:');
  const outbox = new Outbox({ db, log, maxBytes: 1 << 30, reserveBytes: 0 });
  const bus = new EventBus(log);
  const t = new ManualTime();
  const clock = new Clock(t);
  const seen: string[] = [];
  const recorder: EventRecorder = new EventRecorder({ outbox, bus, log, identity: () => ({ compoundId: 'hx-lane-12', gatewayId: 'gw-test' }), wall: () => clock.wall(), onCommitted: (e) => host.onCommitted(e), onStored: () => undefined });
  const host: DeviceHost = new DeviceHost({
    site: s, dataDir: mkdtempSync(join(tmpdir(), 'yg-host-')), db, bus, log, clock, recorder, logins: new DeviceLogins(s),
    local: { publish: async () => undefined },
    gpio: { output: () => { throw new Error('no gpio'); }, input: () => { throw new Error('no gpio'); } },
    onvif: { connect: () => { throw new Error('no onvif'); }, discover: async () => [] },
    adapters: (cfg, ctxFor) => cfg.gates.map((g): DeviceAdapter => ({
      id: g.id, kind: 'gate',
      onPresence: (online: boolean) => void seen.push(`presence ${online ? 'online' : 'offline'} ${JSON.stringify(ctxFor(g.id, 'gate').presence().online)}`),
      start: async () => { seen.push(`start v${cfg.configVersion}`); await opts.startDelay?.(); },
      stop: async () => void seen.push(`stop v${cfg.configVersion}`),
      execute: async (a: CommandAction) => (seen.push(`${a.action} v${cfg.configVersion}`), { status: 'ok', outcome: 'done' }),
      onEvent: (e: Event) => void seen.push(`event ${e.type}`),
      status: () => ({ id: g.id, kind: 'gate', online: true, state: {} }),
    })),
    rules: opts.rules,
  });
  return { host, seen, t, outbox };
}

const who = { deviceId: 'gate-1', kind: 'gate' as const, username: 'gate-1' };
const publish = (host: DeviceHost, type: string) =>
  new Promise<Error | null>((resolve) => host.uplink.onEvent(who, { v: SCHEMA_VERSION, type, data: {} } as never, resolve));

describe('DeviceHost', () => {
  it('routes a device event to the outbox, then its adapter; caps the device on monotonic time', async () => {
    const { host, seen, t, outbox } = build(site(1, 1));
    await host.start();
    expect(await publish(host, 'gate.door_opened')).toBeNull();
    expect(await publish(host, 'gate.door_closed')).toBeNull();
    expect((await publish(host, 'gate.door_opened'))?.message).toMatch(/rate cap/);
    t.advance(1000);
    expect(await publish(host, 'gate.door_opened')).toBeNull();
    expect(seen.filter((s) => s.startsWith('event'))).toEqual(['event gate.door_opened', 'event gate.door_closed', 'event gate.door_opened']);
    expect(outbox.readLane('normal', 0, 100).filter((r) => (JSON.parse(r.body) as Event).type.startsWith('gate.'))).toHaveLength(3);
    expect(host.presence.isOnline('gate-1')).toBe(true);
    await host.stop();
  });

  it('is the one presence model for MQTT devices: availability, last will, disconnect, messages; adapters hear the changes', async () => {
    const { host, seen, outbox } = build(site(1));
    await host.start();
    const presenceEvents = () => (['alarm', 'normal'] as const).flatMap((lane) => outbox.readLane(lane, 0, 100)).sort((a, b) => a.seq - b.seq)
      .map((r) => JSON.parse(r.body) as Event).filter((e) => e.type === 'device.online' || e.type === 'device.offline').map((e) => [e.type, e.data]);
    host.uplink.onAvailability(who, 'online', false);
    host.uplink.onHeartbeat(who, { v: SCHEMA_VERSION } as never);
    // The last will, then aedes' clientDisconnect for the same connection: one offline, the will's reason.
    host.uplink.onAvailability(who, 'offline', true);
    host.uplink.onDisconnect(who);
    // Back, and gone without a will.
    expect(await publish(host, 'gate.door_closed')).toBeNull();
    host.uplink.onDisconnect(who);
    await new Promise((r) => setTimeout(r, 50));
    expect(presenceEvents()).toEqual([
      ['device.online', { kind: 'gate', resync: true }],
      ['device.offline', { kind: 'gate', reason: 'last_will' }],
      ['device.online', { kind: 'gate' }],
      ['device.offline', { kind: 'gate', reason: 'disconnected' }],
    ]);
    // The adapter heard each change, and read the new state from the same model.
    expect(seen.filter((x) => x.startsWith('presence'))).toEqual(['presence online true', 'presence offline false', 'presence online true', 'presence offline false']);
    await host.stop();
  });

  it('swaps the site with the rules in force still running; a command during the swap waits for the new adapters', async () => {
    let release!: () => void;
    const hold: { gate?: Promise<void> } = {};
    const fired: string[] = [];
    const rules: RulesFactory = (o) => ({
      onEvent: (e) => {
        if (e.type !== 'gate.forced_open') return;
        fired.push(`rules v${o.site.configVersion}`);
        void o.execute('gate-1', { action: 'gate.lock', params: {} });
      },
      stop: () => void fired.push(`stop rules v${o.site.configVersion}`),
    });
    const { host, seen } = build(site(1), { rules, startDelay: () => hold.gate ?? Promise.resolve() });
    await host.start();
    hold.gate = new Promise<void>((r) => (release = r));
    const swap = host.swap(site(2));
    await new Promise((r) => setImmediate(r));
    expect(seen).toContain('start v2');
    expect(await publish(host, 'gate.forced_open')).toBeNull();
    expect(fired).toEqual(['rules v1']);
    release();
    await swap;
    expect(fired).toEqual(['rules v1', 'stop rules v1']);
    await new Promise((r) => setImmediate(r));
    expect(seen).toContain('gate.lock v2');
    expect(host.site.configVersion).toBe(2);
    await host.stop();
  });
});
