/**
 * Remote diagnostics through the signed command path: a real agent (createEdge), a fake cloud
 * broker, a signed `gateway.diagnostics`; the answer carries the recent log lines (bounded), the
 * `status --json` report and the `check --json` report, and nothing moved at the gate.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { gatewayDiagnostics, MAX_PAYLOAD_BYTES, newId, SCHEMA_VERSION, type Command, type CommandAction, type DeviceKind } from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand } from '@yardguard/firmware-config/node';
import type { DeviceAdapter } from '../src/devices/types.js';
import type { EdgeDeps } from '../src/edge.js';
import { LogRing } from '../src/diagnostics/log-ring.js';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { startFakeCloud, type FakeCloud } from './support/fake-cloud.js';
import { tempDir, testSite, waitFor } from './support/helpers.js';

const cloudKeys = generateSigningKeyPair();
let b: BuiltEdge | undefined;
let cloud: FakeCloud | undefined;
afterEach(async () => {
  await b?.cleanup();
  await cloud?.close();
  b = undefined;
  cloud = undefined;
});

function gates(ran: string[]): EdgeDeps['adapters'] {
  return (site) => site.gates.map((g): DeviceAdapter => ({
    id: g.id, kind: 'gate' as DeviceKind, start: async () => undefined, stop: async () => undefined,
    execute: async (action: CommandAction) => {
      ran.push(action.action);
      return { status: 'ok', outcome: 'opened' };
    },
    status: () => ({ id: g.id, kind: 'gate', online: true, state: {} }),
  }));
}

function diagnosticsCommand(deviceId: string, params: Record<string, unknown>): Command {
  const now = Date.now();
  return {
    v: SCHEMA_VERSION, id: newId(), gatewayId: 'gw-test', deviceId, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 30_000).toISOString(),
    nonce: randomBytes(16).toString('hex'), issuedBy: 'installer-1', action: 'gateway.diagnostics', params,
  } as Command;
}

async function setup() {
  cloud = await startFakeCloud();
  const ring = new LogRing();
  const dataDir = tempDir();
  const site = testSite();
  writeFileSync(join(dataDir, 'site.json'), JSON.stringify(site));
  const ran: string[] = [];
  b = await buildEdge({
    dataDir, site, adapters: gates(ran),
    log: pino({ level: 'info' }, ring),
    cloud: { gatewayId: 'gw-test', mqttUrl: cloud.url(), cloudSigningKey: cloudKeys.publicKey },
    forwarder: { reconnectPeriodMs: 100 },
    diagnostics: { logs: ring, configPath: join(dataDir, 'site.json') },
  });
  await waitFor(() => b!.edge.status().uplink.cloudTimeKnown && b!.edge.status().cloudLink === 'up', { what: 'first ack of this boot' });
  return { ring, ran };
}

async function send(cmd: Command) {
  const before = cloud!.results.length;
  await cloud!.sendCommand('gw-test', signCommand(cmd, cloudKeys.privateKey));
  return waitFor(() => cloud!.results.slice(before).find((r) => r.commandId === cmd.id), { what: `result for ${cmd.id}`, timeoutMs: 20_000 });
}

describe('remote diagnostics (gateway.diagnostics)', () => {
  it('answers with recent log lines, status and check; nothing moves at the gate', async () => {
    const { ran } = await setup();
    b!.edge.log.warn({ mod: 'test' }, 'a line the installer must see');
    const r = await send(diagnosticsCommand('gw-test', { logLines: 50 }));
    expect(r).toMatchObject({ status: 'ok', outcome: 'diagnostics' });
    const d = gatewayDiagnostics.parse(r.data);
    expect(d.logs.lines.length).toBeGreaterThan(0);
    expect(d.logs.lines.length).toBeLessThanOrEqual(50);
    expect(d.logs.lines.some((l) => l.includes('a line the installer must see'))).toBe(true);
    expect(d.logs.lines.some((l) => l.includes('edge agent started'))).toBe(true);
    // status: what `yardguard-edge status --json` prints, read from the agent's own state.
    expect(d.status).toMatchObject({ agent: { running: true, pid: process.pid }, outbox: { deadLetters: 0 } });
    expect((d.status as { devices: { id: string }[] }).devices.map((x) => x.id)).toContain('gate-1');
    // check: the config in force is valid; the relay was not pulsed; the MQTT gate is seen by the agent.
    const rows = d.check!.rows;
    expect(rows.find((x) => x.item === 'site config')).toMatchObject({ status: 'ok' });
    expect(rows.find((x) => x.item === 'gate-1' && x.check === 'relay')).toMatchObject({ status: 'skip' });
    expect(rows.some((x) => x.area === 'system' && x.item === 'disk')).toBe(true);
    expect(ran).toEqual([]);
  });

  it('keeps the answer bounded after a flood of log lines, and check can be left out', async () => {
    const { ring } = await setup();
    const big = 'y'.repeat(2000);
    for (let i = 0; i < 3000; i++) b!.edge.log.info({ i, big }, 'flood');
    expect(ring.size).toBeLessThanOrEqual(500);
    const r = await send(diagnosticsCommand('gw-test', { logLines: 500, check: false }));
    const d = gatewayDiagnostics.parse(r.data);
    expect(d.check).toBeNull();
    expect(d.logs.truncated).toBe(true);
    expect(d.logs.lines.length).toBeLessThanOrEqual(500);
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    // The newest flood line is there; the oldest gave way.
    expect(d.logs.lines.some((l) => l.includes('"i":2999'))).toBe(true);
    expect(d.logs.lines.some((l) => l.includes('"i":0,'))).toBe(false);
  });

  it('refuses diagnostics addressed to a device', async () => {
    await setup();
    const r = await send(diagnosticsCommand('gate-1', {}));
    expect(r.error?.code).toBe('CMD_INVALID');
  });
});
