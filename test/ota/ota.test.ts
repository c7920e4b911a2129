/**
 * Over-the-air updates end to end, all real processes: the cloud process, three gateways enrolled
 * through the API, each agent started by its launcher (ROOT/bin/yardguard-launch, as the systemd
 * unit does) under a supervisor that restarts it like Restart=always, each on its own
 * ROOT/releases/<version> + current link. Two versions are built in the test:
 * - 1.1.0, added with `yardguard-cloud release add`, rolled out to one gateway, then 50 %, paused
 *   (nothing more goes out), resumed, then all: each downloads it, restarts into it and keeps it;
 * - 1.2.0, uploaded like the console does, whose agent exits at once: the first gateway rolls it
 *   back by itself, reports why, and the rollout pauses so no other gateway gets it.
 * A device on every gateway publishes throughout; every event it got a PUBACK for is in the cloud.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { enroll } from '@yardguard/edge';
import { validateSiteConfig, type RolloutInfo, type SiteConfigInput } from '@yardguard/firmware-config';
import { hashPassword } from '@yardguard/firmware-config/node';
import { freePort, waitFor } from '@yardguard/test/servers';
import { buildRelease, installRelease } from '../../edge/test/support/releases.js';
import { steadyDevice, supervise } from '../../edge/test/support/supervised.js';
import { cloudProcess } from '../faults/helpers/processes.js';
import { repoRoot } from '../e2e/helpers/paths.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'yg-ota-e2e-'));
const stops: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

function site(compoundId: string, gatewayId: string, port: number): unknown {
  const input = {
    version: 1, compound: { id: compoundId, name: '升级测试院' },
    gateway: { id: gatewayId, name: gatewayId, healthIntervalS: 3600, deviceTimeoutS: 3600, broker: { host: '127.0.0.1', port } },
    gates: [{ id: 'gate-1', name: '大门', driver: 'mqtt', mqtt: { username: 'gate-1', passwordHash: hashPassword('demo-gate-1') } }],
    alarmColumns: [], rules: [],
  } as unknown as SiteConfigInput;
  const r = validateSiteConfig(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('over-the-air update: cloud rollout to three real agents', () => {
  it('1.1.0 goes one, 50 %, (paused), all; the broken 1.2.0 rolls back by itself and pauses its rollout; no event lost', async () => {
    const build = join(dir, 'build');
    const v1 = buildRelease(build, '1.0.0');
    const v2 = buildRelease(build, '1.1.0');
    const broken = buildRelease(build, '1.2.0', { broken: true });

    const cloudDir = join(dir, 'cloud');
    mkdirSync(cloudDir, { recursive: true });
    const httpPort = await freePort();
    const cloud = cloudProcess({ dataDir: cloudDir, httpPort, mqttPort: await freePort() });
    stops.push(() => cloud.stop());
    await cloud.start(120_000);
    const url = `http://127.0.0.1:${httpPort}`;
    const login = await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'yardguard-demo' }) })).json() as { token: string };
    const api = async <T>(method: string, path: string, body?: unknown, type = 'application/json'): Promise<T> => {
      const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${login.token}`, ...(body !== undefined ? { 'content-type': type } : {}) }, ...(body !== undefined ? { body: type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer) } : {}) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    };
    const compound = await api<{ id: string }>('POST', '/api/compounds', { name: '升级测试院' });

    // Three Pis on 1.0.0, enrolled with one-time codes, started by the launcher.
    const fleet = [];
    for (const gatewayId of ['gw-ota-a', 'gw-ota-b', 'gw-ota-c']) {
      const root = join(dir, gatewayId, 'opt');
      const data = join(dir, gatewayId, 'data');
      installRelease(root, v1);
      const port = await freePort();
      const { code } = await api<{ code: string }>('POST', `/api/compounds/${compound.id}/enrollment-codes`, { ttlMinutes: 30, gatewayName: gatewayId, siteConfig: site(compound.id, gatewayId, port) });
      const enrolled = await enroll({ cloud: url, code, dataDir: data, progress: () => {} });
      const sup = supervise(join(root, 'bin', 'yardguard-launch'), ['--root', root, '--', 'run', '--data-dir', data, '--broker-host', '127.0.0.1', '--broker-port', String(port)]);
      stops.push(() => sup.stop());
      fleet.push({ gatewayId: enrolled.gatewayId, root, data, port, sup });
    }
    const versions = async () => new Map((await api<{ gateways: { id: string; agentVersion: string | null; linkState: string }[] }>('GET', `/api/gateways?compoundId=${compound.id}`)).gateways.map((g) => [g.id, g]));
    await waitFor(async () => [...(await versions()).values()].filter((g) => g.agentVersion === '1.0.0' && g.linkState === 'online').length === 3, { timeoutMs: 90_000, message: 'three gateways online on 1.0.0' });
    const devices = fleet.map((g) => steadyDevice(g.port, 50));
    stops.push(async () => void (await Promise.all(devices.map((d) => d.stop()))));
    await waitFor(() => devices.every((d) => d.acked.length > 10), { timeoutMs: 30_000, message: 'devices publishing' });

    // 1.1.0 through the CLI (stored and signed), 1.2.0 through the upload the console uses.
    const added = await run(process.execPath, [join(repoRoot, 'cloud', 'dist', 'main.js'), 'release', 'add', v2.tarball, '--data-dir', cloudDir]);
    expect(added.stdout).toContain(`release 1.1.0 added: ${v2.bytes} bytes, sha256 ${v2.sha256}`);
    const uploaded = await api<{ version: string; sha256: string }>('POST', '/api/releases', readFileSync(broken.tarball), 'application/gzip');
    expect(uploaded).toMatchObject({ version: '1.2.0', sha256: broken.sha256 });

    const rollout = (id: string) => api<{ rollouts: RolloutInfo[] }>('GET', '/api/rollouts').then((r) => r.rollouts.find((x) => x.id === id)!);
    const good = await api<RolloutInfo>('POST', '/api/rollouts', { version: '1.1.0', compoundId: compound.id, stage: 'one', healthDeadlineS: 120 });
    expect(good.targets.map((t) => t.state)).toEqual(['pending', 'pending', 'pending']);
    await waitFor(async () => (await rollout(good.id)).counts.updated === 1, { timeoutMs: 120_000, message: 'one gateway on 1.1.0' });
    await api('POST', `/api/rollouts/${good.id}/stage`, { stage: 'percent', percent: 50 });
    await waitFor(async () => (await rollout(good.id)).counts.updated === 2, { timeoutMs: 120_000, message: '50 %: two gateways on 1.1.0' });
    // Paused: widening to all sends nothing more until resumed.
    await api('POST', `/api/rollouts/${good.id}/pause`);
    await api('POST', `/api/rollouts/${good.id}/stage`, { stage: 'all' });
    await new Promise((r) => setTimeout(r, 3000));
    expect((await rollout(good.id)).counts).toMatchObject({ updated: 2, pending: 1, sent: 0 });
    await api('POST', `/api/rollouts/${good.id}/resume`);
    await waitFor(async () => (await rollout(good.id)).state === 'done', { timeoutMs: 120_000, message: 'all on 1.1.0' });
    const done = await rollout(good.id);
    expect(done.targets.every((t) => t.state === 'updated' && t.fromVersion === '1.0.0' && t.agentVersion === '1.1.0')).toBe(true);
    for (const g of fleet) expect(readlinkSync(join(g.root, 'current'))).toBe(join('releases', '1.1.0'));

    // The broken 1.2.0: the first gateway gets it, rolls back by itself, the rollout pauses.
    const bad = await api<RolloutInfo>('POST', '/api/rollouts', { version: '1.2.0', compoundId: compound.id, stage: 'all', healthDeadlineS: 120 });
    await waitFor(async () => (await rollout(bad.id)).state === 'paused', { timeoutMs: 120_000, message: 'broken rollout paused' });
    const failed = await rollout(bad.id);
    const back = failed.targets.find((t) => t.state === 'rolled_back')!;
    expect(back.reason).toContain('started 3 times');
    expect(failed.pausedReason).toContain('rolled back');
    // Those that got it are back on 1.1.0; the rest never got it.
    for (const g of fleet) expect(readlinkSync(join(g.root, 'current'))).toBe(join('releases', '1.1.0'));
    await waitFor(async () => [...(await versions()).values()].every((g) => g.agentVersion === '1.1.0' && g.linkState === 'online'), { timeoutMs: 60_000, message: 'all back online on 1.1.0' });

    // Nothing lost: every PUBACKed event is stored in the cloud.
    await Promise.all(devices.map((d) => d.stop()));
    const acked = devices.flatMap((d) => d.acked);
    expect(acked.length).toBeGreaterThan(200);
    const db = new Database(join(cloudDir, 'yardguard.db'), { readonly: true });
    stops.push(() => void db.close());
    const stored = () => new Set(db.prepare<[], { id: string }>(`SELECT id FROM events WHERE compound_id = '${compound.id}' AND type = 'gate.door_opened'`).all().map((r) => r.id));
    await waitFor(() => {
      const s = stored();
      return acked.every((id) => s.has(id));
    }, { timeoutMs: 60_000, message: 'every PUBACKed event in the cloud' });
    writeFileSync(join(dir, 'done'), '');
  }, 600_000);
});
