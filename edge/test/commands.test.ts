/** Signed commands from the cloud: valid, bad signature, expired (cloud time), replayed, config push. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, SCHEMA_VERSION, type Command, type CommandAction, type DeviceKind } from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand } from '@yardguard/firmware-config/node';
import type { DeviceAdapter } from '../src/devices/types.js';
import type { EdgeDeps } from '../src/edge.js';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { startFakeCloud, type FakeCloud } from './support/fake-cloud.js';
import { tempDir, testSite, waitFor } from './support/helpers.js';
import { OnvifCameraSim } from '../src/sim/onvif-camera-sim.js';
import { createNodeOnvifPort } from '../src/hw/node-onvif-port.js';

const cloudKeys = generateSigningKeyPair();
const otherKeys = generateSigningKeyPair();
let b: BuiltEdge | undefined;
let cloud: FakeCloud | undefined;
afterEach(async () => {
  await b?.cleanup();
  await cloud?.close();
  b = undefined;
  cloud = undefined;
});

/** A tiny inline gate adapter: records what it was asked to do. */
function recordingAdapters(log: { deviceId: string; action: string }[]): EdgeDeps['adapters'] {
  return (site) =>
    site.gates.map((g): DeviceAdapter => ({
      id: g.id,
      kind: 'gate' as DeviceKind,
      start: async () => undefined,
      stop: async () => undefined,
      execute: async (action: CommandAction) => {
        log.push({ deviceId: g.id, action: action.action });
        return { status: 'ok', outcome: 'opened' };
      },
      status: () => ({ id: g.id, kind: 'gate', online: true, state: {} }),
    }));
}

function command(over: Partial<Command> & { action?: CommandAction['action']; params?: unknown } = {}): Command {
  const now = Date.now();
  return {
    v: SCHEMA_VERSION,
    id: newId(),
    gatewayId: 'gw-test',
    deviceId: 'gate-1',
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 30_000).toISOString(),
    nonce: randomBytes(16).toString('hex'),
    issuedBy: 'user-7',
    action: 'gate.open',
    params: {},
    ...over,
  } as Command;
}

async function setup(opts: { dataDir?: string; cloudTime?: () => Date; onvif?: EdgeDeps['onvif']; waitForCloudTime?: boolean } = {}) {
  cloud = cloud ?? (await startFakeCloud({ cloudTime: opts.cloudTime }));
  const ran: { deviceId: string; action: string }[] = [];
  b = await buildEdge({
    dataDir: opts.dataDir ?? tempDir(),
    adapters: recordingAdapters(ran),
    cloud: { gatewayId: 'gw-test', mqttUrl: cloud.url(), cloudSigningKey: cloudKeys.publicKey },
    forwarder: { reconnectPeriodMs: 100 },
    ...(opts.onvif ? { onvif: opts.onvif } : {}),
  });
  // The gateway.started event's ack tells the edge the cloud's clock (learned afresh each boot).
  if (opts.waitForCloudTime !== false) await waitFor(() => b!.edge.status().uplink.cloudTimeKnown && b!.edge.status().cloudLink === 'up', { what: 'first ack of this boot' });
  return ran;
}

async function send(cmd: Command, key = cloudKeys.privateKey) {
  const before = cloud!.results.length;
  await cloud!.sendCommand('gw-test', signCommand(cmd, key));
  return waitFor(() => cloud!.results.slice(before).find((r) => r.commandId === cmd.id), { what: `result for ${cmd.id}` });
}

describe('signed commands', () => {
  it('runs WS-Discovery for gateway.discover addressed to the gateway, and refuses it for a device', async () => {
    const sim = new OnvifCameraSim({ discovery: true, name: 'Gate Cam', model: 'SimCam IPC-2' });
    const xaddr = await sim.start();
    try {
      const ran = await setup({ onvif: createNodeOnvifPort({ discoveryTarget: { address: '127.0.0.1', port: sim.discoveryPort } }) });
      const r = await send(command({ deviceId: 'gw-test', action: 'gateway.discover', params: { timeoutS: 1 } } as Partial<Command>));
      expect(r).toMatchObject({ status: 'ok', outcome: 'discovered' });
      const cameras = (r.data as { cameras: { xaddr: string }[] }).cameras;
      expect(cameras.map((c) => c.xaddr)).toContain(xaddr);
      const wrong = await send(command({ deviceId: 'gate-1', action: 'gateway.discover', params: { timeoutS: 1 } } as Partial<Command>));
      expect(wrong.error?.code).toBe('CMD_INVALID');
      expect(ran).toEqual([]);
    } finally {
      await sim.stop();
    }
  });

  it('gateway.resend_dead_letters queues the rejected events again (the code `dead-letters --resend` runs); health names the reasons', async () => {
    const ran = await setup();
    cloud!.rejectWhen((e) => (e.type === 'gate.tamper' ? 'tamper rejected by test' : undefined));
    await b!.edge.emit('gate-1', { type: 'gate.tamper', data: { detail: 'poison 1' } });
    await b!.edge.emit('gate-2', { type: 'gate.tamper', data: { detail: 'poison 2' } });
    await waitFor(() => b!.edge.outbox().stats().deadLetters === 2, { what: 'two dead letters' });
    const health = await b!.edge.health();
    expect(health.deadLetters).toBe(2);
    expect(health.deadLetterSummary?.reasons).toEqual([{ reason: 'tamper rejected by test', count: 2 }]);
    expect(Date.parse(health.deadLetterSummary!.oldestAt)).toBeLessThanOrEqual(Date.now());

    // Addressed to a device, it is refused and nothing moves.
    const wrong = await send(command({ deviceId: 'gate-1', action: 'gateway.resend_dead_letters', params: {} } as Partial<Command>));
    expect(wrong.error?.code).toBe('CMD_INVALID');
    expect(b!.edge.outbox().stats().deadLetters).toBe(2);

    // The cloud is fixed; the console sends the signed command.
    cloud!.rejectWhen(undefined);
    const r = await send(command({ deviceId: 'gw-test', action: 'gateway.resend_dead_letters', params: {} } as Partial<Command>));
    expect(r).toMatchObject({ status: 'ok', outcome: 'dead_letters_resent', data: { resent: 2, remaining: 0 } });
    await waitFor(() => [...cloud!.events.values()].filter((e) => e.type === 'gate.tamper').length === 2, { what: 'the re-sent events stored' });
    // A health report follows at once, so the cloud's view has no dead letters any more.
    await waitFor(() => [...cloud!.events.values()].some((e) => e.type === 'gateway.health' && e.data.deadLetters === 0 && !e.data.deadLetterSummary), { what: 'a fresh health report' });
    expect((await b!.edge.health()).deadLetterSummary).toBeUndefined();
    expect(ran).toEqual([]);
  });

  it('executes a valid command once and reports the outcome with its latency', async () => {
    const ran = await setup();
    const r = await send(command());
    expect(r).toMatchObject({ status: 'ok', outcome: 'opened', deviceId: 'gate-1' });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ran).toEqual([{ deviceId: 'gate-1', action: 'gate.open' }]);
  });

  it('refuses a bad signature, another gateway and an unknown device, with reason codes', async () => {
    const ran = await setup();
    expect((await send(command(), otherKeys.privateKey)).error?.code).toBe('CMD_BAD_SIGNATURE');
    expect((await send(command({ gatewayId: 'gw-other' }))).error?.code).toBe('CMD_WRONG_GATEWAY');
    expect((await send(command({ deviceId: 'gate-99' }))).error?.code).toBe('DEVICE_UNKNOWN');
    // A signed command whose signed body was altered afterwards.
    const cmd = command();
    const signed = signCommand(cmd, cloudKeys.privateKey);
    (signed.command as Command).deviceId = 'gate-2';
    await cloud!.sendCommand('gw-test', signed);
    const r = await waitFor(() => cloud!.results.find((x) => x.commandId === cmd.id), { what: 'tampered result' });
    expect(r.error?.code).toBe('CMD_BAD_SIGNATURE');
    expect(ran).toEqual([]);
  });

  it('judges expiry by cloud time, not the local clock', async () => {
    // The cloud's clock is an hour ahead of this machine's (a Pi after a power cut, before NTP).
    const ran = await setup({ cloudTime: () => new Date(Date.now() + 3_600_000) });
    const localNow = Date.now();
    const late = command({ issuedAt: new Date(localNow).toISOString(), expiresAt: new Date(localNow + 60_000).toISOString() });
    const r = await send(late);
    expect(r.error?.code).toBe('CMD_EXPIRED');
    const ok = command({ issuedAt: new Date(localNow + 3_600_000).toISOString(), expiresAt: new Date(localNow + 3_630_000).toISOString() });
    expect((await send(ok)).status).toBe('ok');
    expect(ran).toHaveLength(1);
  });

  it('refuses commands until the cloud time of this boot is known: a previous boot\'s offset is not trusted', async () => {
    const dataDir = tempDir();
    await setup({ dataDir });
    await b!.cleanup();
    b = undefined;
    // The agent restarts (a power cut: the Pi's clock may be anything) while the cloud's acks are held.
    cloud!.holdAcks(true);
    const ran = await setup({ dataDir, waitForCloudTime: false });
    await waitFor(() => b!.edge.status().cloudLink === 'up', { what: 'link up' });
    const r = await send(command());
    expect(r.error?.code).toBe('CMD_EXPIRED');
    expect(r.error?.message).toMatch(/cloud time/);
    expect(ran).toEqual([]);
    cloud!.holdAcks(false);
    // Any new batch (here the next health report) brings an ack with the cloud's time.
    await b!.edge.emit('gw-test', { type: 'gateway.cloud_link', data: { state: 'up' } });
    await waitFor(() => b!.edge.status().uplink.cloudTimeKnown, { what: 'cloud time learned' });
    expect((await send(command())).status).toBe('ok');
    expect(ran).toHaveLength(1);
  });

  it('refuses a replayed command, also after an agent restart', async () => {
    const dataDir = tempDir();
    const ran = await setup({ dataDir });
    const cmd = command();
    expect((await send(cmd)).status).toBe('ok');
    expect((await send(cmd)).error?.code).toBe('CMD_REPLAYED');
    await b!.cleanup();
    b = undefined;
    const ran2 = await setup({ dataDir });
    expect((await send(cmd)).error?.code).toBe('CMD_REPLAYED');
    expect(ran).toHaveLength(1);
    expect(ran2).toHaveLength(0);
  });

  it('applies a valid config push (persisted, adapters restarted) and rejects an invalid one', async () => {
    const dataDir = tempDir();
    await setup({ dataDir });
    const next = { ...testSite({ gates: 3 }), configVersion: 0 };
    const ok = await send(command({ deviceId: 'gw-test', action: 'config.push', params: { configVersion: 7, config: next } } as Partial<Command>));
    expect(ok).toMatchObject({ status: 'ok', outcome: 'config_applied' });
    expect(b!.edge.site().configVersion).toBe(7);
    expect(b!.edge.status().devices.filter((d) => d.kind === 'gate')).toHaveLength(3);
    expect((await send(command({ deviceId: 'gate-3' }))).status).toBe('ok');
    // The same version again (a cloud catch-up push) is a no-op; an older one is stale.
    const again = await send(command({ deviceId: 'gw-test', action: 'config.push', params: { configVersion: 7, config: testSite({ gates: 1 }) } } as Partial<Command>));
    expect(again).toMatchObject({ status: 'ok', outcome: 'config_applied', data: { unchanged: true } });
    expect(b!.edge.status().devices.filter((d) => d.kind === 'gate')).toHaveLength(3);
    const stale = await send(command({ deviceId: 'gw-test', action: 'config.push', params: { configVersion: 6, config: next } } as Partial<Command>));
    expect(stale.error?.code).toBe('CONFIG_REJECTED');

    const bad = await send(command({ deviceId: 'gw-test', action: 'config.push', params: { configVersion: 8, config: { ...next, gates: [{ id: 'BAD ID' }] } } } as Partial<Command>));
    expect(bad.error?.code).toBe('CONFIG_REJECTED');
    expect(bad.error?.message).toMatch(/gates/);
    await waitFor(() => [...cloud!.events.values()].some((e) => e.type === 'gateway.config_rejected'), { what: 'config_rejected event' });
    expect([...cloud!.events.values()].some((e) => e.type === 'gateway.config_applied')).toBe(true);

    // The pushed config outlives a restart.
    await b!.cleanup();
    b = undefined;
    await setup({ dataDir });
    expect(b!.edge.site().configVersion).toBe(7);
  });
});
