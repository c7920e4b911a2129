/**
 * The command / config service: results survive a cloud outage, config pushes and commands run
 * one at a time, the rules keep working during a push, device commands do not run late.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePayload, deviceCommand, newId, SCHEMA_VERSION, topics, type Command, type CommandAction, type DeviceCommand, type DeviceKind } from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand } from '@yardguard/firmware-config/node';
import type { DeviceAdapter } from '../src/devices/types.js';
import { createAdapters } from '../src/devices/registry.js';
import { createRulesEngine } from '../src/rules/engine.js';
import { openStateDb } from '../src/state/db.js';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { startFakeCloud, type FakeCloud } from './support/fake-cloud.js';
import { connectDevice, deviceLogin, tempDir, testSite, waitFor } from './support/helpers.js';

const keys = generateSigningKeyPair();
let b: BuiltEdge | undefined;
let cloud: FakeCloud | undefined;
afterEach(async () => {
  await b?.cleanup();
  await cloud?.close();
  b = undefined;
  cloud = undefined;
});

function command(over: Partial<Command> & { action?: CommandAction['action']; params?: unknown } = {}): Command {
  const now = Date.now();
  return {
    v: SCHEMA_VERSION, id: newId(), gatewayId: 'gw-test', deviceId: 'gate-1', issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 30_000).toISOString(),
    nonce: randomBytes(16).toString('hex'), issuedBy: 'user-7', action: 'gate.open', params: {}, ...over,
  } as Command;
}

/** Inline adapters for every gate and column, recording a timeline; `slowStart` delays every start. */
function timelineAdapters(timeline: string[], opts: { slowStartMs?: () => number; release?: Promise<void> } = {}) {
  return (site: ReturnType<typeof testSite>): DeviceAdapter[] =>
    [...site.gates.map((g) => ({ id: g.id, kind: 'gate' as DeviceKind })), ...site.alarmColumns.map((c) => ({ id: c.id, kind: 'alarm_column' as DeviceKind }))].map((d) => ({
      id: d.id,
      kind: d.kind,
      start: async () => {
        timeline.push(`start ${d.id} v${site.configVersion}`);
        const ms = opts.slowStartMs?.() ?? 0;
        if (ms) await new Promise((r) => setTimeout(r, ms));
        if (opts.release) await opts.release;
      },
      stop: async () => void timeline.push(`stop ${d.id} v${site.configVersion}`),
      execute: async (action: CommandAction) => {
        timeline.push(`${action.action} ${d.id} v${site.configVersion}`);
        return { status: 'ok', outcome: 'done' };
      },
      status: () => ({ id: d.id, kind: d.kind, online: true, state: {} }),
    }));
}

describe('command / config service', () => {
  it('queues a result produced while the cloud link is down (in SQLite) and delivers it when the link returns', async () => {
    cloud = await startFakeCloud();
    let release!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    const dataDir = tempDir();
    b = await buildEdge({
      dataDir,
      adapters: (site) => site.gates.map((g): DeviceAdapter => ({
        id: g.id, kind: 'gate', start: async () => undefined, stop: async () => undefined,
        // The relay takes a while; the link drops meanwhile.
        execute: async () => (await opened, { status: 'ok', outcome: 'opened' }),
        status: () => ({ id: g.id, kind: 'gate', online: true, state: {} }),
      })),
      cloud: { gatewayId: 'gw-test', mqttUrl: cloud.url(), cloudSigningKey: keys.publicKey },
      forwarder: { reconnectPeriodMs: 100 },
    });
    await waitFor(() => b!.edge.status().uplink.cloudTimeKnown, { what: 'cloud time' });
    const cmd = command();
    await cloud.sendCommand('gw-test', signCommand(cmd, keys.privateKey));
    await new Promise((r) => setTimeout(r, 200));
    await cloud.down();
    await waitFor(() => b!.edge.status().cloudLink === 'down', { what: 'link down' });
    release();
    const db = openStateDb(`${dataDir}/edge.db`, { readonly: true });
    await waitFor(() => (db.prepare('SELECT count(*) n FROM command_results').get() as { n: number }).n === 1, { what: 'result queued durably' });
    db.close();
    await cloud.up();
    const r = await waitFor(() => cloud!.results.find((x) => x.commandId === cmd.id), { what: 'result delivered after the link returned' });
    expect(r).toMatchObject({ status: 'ok', outcome: 'opened' });
  });

  it('runs config pushes and commands one at a time: a command sent during a push waits for it', async () => {
    const timeline: string[] = [];
    let pushing = false;
    b = await buildEdge({ adapters: timelineAdapters(timeline, { slowStartMs: () => (pushing ? 150 : 0) }) });
    pushing = true;
    const next = { ...testSite(), configVersion: 0 };
    const push = b.edge.dispatch(command({ deviceId: 'gw-test', action: 'config.push', params: { configVersion: 2, config: next } } as Partial<Command>));
    const open = b.edge.dispatch(command());
    expect((await push).status).toBe('ok');
    expect((await open).status).toBe('ok');
    const openAt = timeline.indexOf('gate.open gate-1 v2');
    expect(openAt).toBeGreaterThan(timeline.lastIndexOf('start column-2 v2'));
    expect(timeline.slice(openAt + 1)).toEqual([]);
  });

  it('keeps the rules working during a config push: an alarm in that window still sounds the siren', async () => {
    const timeline: string[] = [];
    const rules = [{ id: 'door-forced', when: { event: 'gate.forced_open' as const }, then: [{ do: 'siren' as const, column: 'column-1', pattern: 'alarm' as const, durationS: 30 }] }];
    const site = testSite({ rules });
    let releaseStart!: () => void;
    const gate: { hold?: Promise<void> } = {};
    b = await buildEdge({ site, rules: createRulesEngine, adapters: (s) => timelineAdapters(timeline, { release: gate.hold })(s as typeof site) });
    gate.hold = new Promise<void>((r) => (releaseStart = r));
    const push = b.edge.dispatch(command({ deviceId: 'gw-test', action: 'config.push', params: { configVersion: 3, config: { ...testSite({ rules }), configVersion: 0 } } } as Partial<Command>));
    await waitFor(() => timeline.includes('start gate-1 v3'), { what: 'the push is replacing the adapters' });
    // The door is forced while the new adapters are still starting.
    await b.edge.emit('gate-1', { type: 'gate.forced_open', data: {} });
    releaseStart();
    expect((await push).status).toBe('ok');
    await waitFor(() => timeline.includes('siren.start column-1 v3'), { what: 'the siren sounded (on the new adapter)' });
  });

  it('does not deliver a device command on reconnect after it expired (no stale command in the session)', async () => {
    const site = testSite();
    site.gates[0]!.commandTimeoutMs = 300;
    b = await buildEdge({ site, adapters: (s, ctx) => createAdapters(s, ctx) });
    const login = { ...deviceLogin('gate-1'), clean: false };
    const dev = await connectDevice(b.port, login);
    await dev.subscribeAsync(topics.deviceCommand('gate-1'), { qos: 1 });
    await dev.publishAsync(topics.deviceAvailability('gate-1'), 'online', { qos: 1, retain: true });
    // The gate drops off the network without a word (no will, no DISCONNECT packet).
    dev.end(true);
    await waitFor(() => b!.edge.status().broker.clients === 0, { what: 'device gone' });
    // The one presence model saw the socket close: refused at once, nothing queued in its session.
    const r = await b.edge.dispatch(command());
    expect(r).toMatchObject({ status: 'error', code: 'DEVICE_OFFLINE' });
    // It comes back: the queued gate.open must not arrive now (nobody waits for it any more).
    const got: DeviceCommand[] = [];
    const again = await connectDevice(b.port, login);
    again.on('message', (_t, p) => {
      const c = decodePayload(deviceCommand, p);
      if (c.ok) got.push(c.value);
    });
    await again.publishAsync(topics.deviceHeartbeat('gate-1'), JSON.stringify({ v: SCHEMA_VERSION }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([]);
    // A fresh command is delivered, and carries its expiry.
    const fresh = b.edge.dispatch(command());
    const c = await waitFor(() => got[0], { what: 'fresh command delivered' });
    expect(Date.parse(c.expiresAt!)).toBeGreaterThan(Date.now() - 1000);
    again.end(true);
    await fresh;
  });
});
