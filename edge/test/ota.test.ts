/**
 * Over-the-air updates with real processes: three gateways, each an agent started by its launcher
 * (bin/yardguard-launch) under a supervisor that restarts it like systemd's Restart=always, on its
 * own ROOT/releases + current link. Two versions built in the test: 1.1.0 is rolled out to all
 * three (downloads resume after a dropped connection; each comes back healthy and keeps it); the
 * broken 1.2.0 (its agent exits at once) goes to one gateway and rolls back by itself, with the
 * reason reported; the unreachable 1.3.0 (it runs but never reaches the cloud) rolls itself back at
 * its health deadline. A device publishes on every gateway throughout: every PUBACKed event reaches the
 * cloud, exactly once by id.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, SCHEMA_VERSION, type Command, type Event } from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand, signRelease } from '@yardguard/firmware-config/node';
import { startFakeCloud, type FakeCloud } from './support/fake-cloud.js';
import { tempDir, testSite, waitFor } from './support/helpers.js';
import { freePort } from './support/agent-process.js';
import { buildRelease, installRelease, type BuiltRelease } from './support/releases.js';
import { steadyDevice, supervise } from './support/supervised.js';

const keys = generateSigningKeyPair();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
}, 120_000);

/** Serves the release tarballs with Range; the first request for each is cut halfway (a dropped link). */
async function releaseServer(releases: BuiltRelease[]) {
  const cut = new Set<string>();
  const log: { path: string; range?: string; status: number }[] = [];
  const server: Server = createServer((req, res) => {
    const r = releases.find((x) => req.url === `/releases/${x.version}.tar.gz`);
    if (!req.headers.authorization?.startsWith('Basic ')) return void res.writeHead(401).end();
    if (!r) return void res.writeHead(404).end();
    const size = statSync(r.tarball).size;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    log.push({ path: req.url!, ...(req.headers.range ? { range: req.headers.range } : {}), status: m ? 206 : 200 });
    if (start >= size) return void res.writeHead(416).end();
    res.writeHead(m ? 206 : 200, { 'content-length': size - start, ...(m ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}) });
    // Per gateway (its login) and version.
    const key = `${req.headers.authorization}:${r.version}`;
    const firstTime = !cut.has(key) && !m;
    cut.add(key);
    if (firstTime) {
      // Half the file, then the link drops.
      res.write(readFileSync(r.tarball).subarray(0, Math.floor(size / 2)), () => setTimeout(() => res.destroy(), 50));
      return;
    }
    createReadStream(r.tarball, { start }).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function updateCommand(gatewayId: string, r: BuiltRelease, baseUrl: string, healthDeadlineS = 60): Command {
  const now = Date.now();
  const part = { version: r.version, sha256: r.sha256, bytes: r.bytes };
  return {
    v: SCHEMA_VERSION, id: newId(), gatewayId, deviceId: gatewayId, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString(),
    nonce: randomBytes(16).toString('hex'), issuedBy: 'manager-1', action: 'agent.update',
    params: { ...part, url: `${baseUrl}/releases/${r.version}.tar.gz`, signature: signRelease(part, keys.privateKey), healthDeadlineS },
  } as Command;
}

const started = (cloud: FakeCloud, gatewayId: string) =>
  [...cloud.events.values()].filter((e): e is Extract<Event, { type: 'gateway.started' }> => e.type === 'gateway.started' && e.gatewayId === gatewayId).sort((a, b) => a.seq - b.seq);

describe('over-the-air update (real agent processes, launcher, supervisor)', () => {
  it('rolls 1.1.0 out to three gateways, rolls a broken 1.2.0 back by itself, and loses no event', async () => {
    const work = tempDir('yg-ota-');
    const v1 = buildRelease(join(work, 'build'), '1.0.0');
    const v2 = buildRelease(join(work, 'build'), '1.1.0');
    const broken = buildRelease(join(work, 'build'), '1.2.0', { broken: true });
    const unreachable = buildRelease(join(work, 'build'), '1.3.0', { unreachable: true });
    const hung = buildRelease(join(work, 'build'), '1.4.0', { hangs: true });
    const cloud = await startFakeCloud();
    cleanups.push(() => cloud.close());
    const http = await releaseServer([v2, broken, unreachable, hung]);
    cleanups.push(() => http.close());

    const fleet = await Promise.all(['gw-a', 'gw-b', 'gw-c'].map(async (gatewayId) => {
      const root = join(work, gatewayId, 'opt');
      const data = join(work, gatewayId, 'data');
      installRelease(root, v1);
      const port = await freePort();
      writeFileSync(join(work, gatewayId, 'site.json'), JSON.stringify(testSite({ overrides: { id: gatewayId, broker: { host: '127.0.0.1', port } } })));
      writeFileSync(join(work, gatewayId, 'credentials.json'), JSON.stringify({ gatewayId, mqttUrl: cloud.url(), username: gatewayId, password: `pw-${gatewayId}`, cloudSigningKey: keys.publicKey }), { mode: 0o600 });
      const sup = supervise(join(root, 'bin', 'yardguard-launch'), ['--root', root, '--', 'run', '--config', join(work, gatewayId, 'site.json'), '--data-dir', data, '--credentials', join(work, gatewayId, 'credentials.json')]);
      cleanups.push(() => sup.stop());
      return { gatewayId, root, data, port, sup };
    }));
    for (const g of fleet) await waitFor(() => started(cloud, g.gatewayId).some((e) => e.data.agentVersion === '1.0.0'), { timeoutMs: 60_000, what: `${g.gatewayId} on 1.0.0:\n${g.sup.output()}` });
    const devices = fleet.map((g) => steadyDevice(g.port, 50));
    cleanups.push(async () => void (await Promise.all(devices.map((d) => d.stop()))));
    await waitFor(() => devices.every((d) => d.acked.length > 10), { what: 'devices publishing' });

    // 1.1.0 to every gateway: unpacked beside 1.0.0, current switched, restarted, healthy, kept.
    for (const g of fleet) await cloud.sendCommand(g.gatewayId, signCommand(updateCommand(g.gatewayId, v2, http.url), keys.privateKey));
    for (const g of fleet) {
      await waitFor(() => started(cloud, g.gatewayId).find((e) => e.data.agentVersion === '1.1.0'), { timeoutMs: 90_000, what: `${g.gatewayId} on 1.1.0:\n${g.sup.output().slice(-3000)}` });
      await waitFor(() => !existsSync(join(g.data, 'update.json')), { timeoutMs: 60_000, what: `${g.gatewayId} keeps 1.1.0` });
      expect(readlinkSync(join(g.root, 'current'))).toBe(join('releases', '1.1.0'));
      expect(existsSync(join(g.root, 'releases', '1.0.0', 'dist', 'main.js'))).toBe(true);
      expect(started(cloud, g.gatewayId).at(-1)!.data.update).toEqual({ from: '1.0.0', to: '1.1.0', outcome: 'updated' });
    }
    expect(cloud.results.filter((r) => r.outcome === 'switching')).toHaveLength(3);
    // Each first download was cut halfway and resumed with a Range request.
    expect(http.log.filter((l) => l.path.endsWith('1.1.0.tar.gz') && l.range)).toHaveLength(3);

    // The broken 1.2.0 to one gateway: it exits at once; the launcher rolls it back after three starts.
    const [a] = fleet;
    await cloud.sendCommand(a!.gatewayId, signCommand(updateCommand(a!.gatewayId, broken, http.url), keys.privateKey));
    const back = await waitFor(() => started(cloud, a!.gatewayId).find((e) => e.data.update?.outcome === 'rolled_back'), { timeoutMs: 90_000, what: `rollback:\n${a!.sup.output().slice(-3000)}` });
    expect(back.data).toMatchObject({ agentVersion: '1.1.0', update: { from: '1.1.0', to: '1.2.0', outcome: 'rolled_back', reason: expect.stringContaining('started 3 times') } });
    expect(readlinkSync(join(a!.root, 'current'))).toBe(join('releases', '1.1.0'));
    expect(a!.sup.output()).toContain('broken release: exits at once');

    // 1.3.0 runs but never reaches the cloud: the new version itself rolls back at its deadline.
    const b = fleet[1]!;
    await cloud.sendCommand(b.gatewayId, signCommand(updateCommand(b.gatewayId, unreachable, http.url, 10), keys.privateKey));
    const selfBack = await waitFor(() => started(cloud, b.gatewayId).find((e) => e.data.update?.outcome === 'rolled_back'), { timeoutMs: 90_000, what: `self rollback:\n${b.sup.output().slice(-3000)}` });
    expect(selfBack.data).toMatchObject({ agentVersion: '1.1.0', update: { from: '1.1.0', to: '1.3.0', outcome: 'rolled_back', reason: expect.stringContaining('was not healthy within 10 s: no connection to the cloud') } });
    expect(readlinkSync(join(b.root, 'current'))).toBe(join('releases', '1.1.0'));

    // 1.4.0 hangs (never healthy, never exits): the launcher stops it at its deadline and rolls back.
    const c = fleet[2]!;
    await cloud.sendCommand(c.gatewayId, signCommand(updateCommand(c.gatewayId, hung, http.url, 10), keys.privateKey));
    const hungBack = await waitFor(() => started(cloud, c.gatewayId).find((e) => e.data.update?.to === '1.4.0' && e.data.update?.outcome === 'rolled_back'), { timeoutMs: 90_000, what: `hung rollback:\n${c.sup.output().slice(-3000)}` });
    expect(hungBack.data).toMatchObject({ agentVersion: '1.1.0', update: { reason: expect.stringContaining('was not healthy before its deadline') } });
    expect(c.sup.output()).toContain('hung release: never healthy, never exits');
    expect(readlinkSync(join(c.root, 'current'))).toBe(join('releases', '1.1.0'));

    // Nothing lost: every event a device got a PUBACK for is in the cloud, once.
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(devices.map((d) => d.stop()));
    cleanups.pop();
    const ackedIds = devices.flatMap((d) => d.acked);
    expect(ackedIds.length).toBeGreaterThan(100);
    await waitFor(() => ackedIds.every((id) => cloud.events.has(id)), { timeoutMs: 60_000, what: `every PUBACKed event in the cloud (${ackedIds.filter((id) => !cloud.events.has(id)).length} missing)` });
    for (const g of fleet) {
      const seqs = [...cloud.events.values()].filter((e) => e.gatewayId === g.gatewayId).map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
  }, 300_000);
});
