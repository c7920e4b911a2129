/**
 * The snapshot uploader against a real cloud (@yardguard/cloud dist: `npm run build -w @yardguard/cloud`)
 * on a real port, with the agent's real SQLite state DB and real files on disk.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Event } from '@yardguard/firmware-config';
import { buildApp, seedDemo, DEMO_PASSWORD, type Cloud, type DemoData } from '@yardguard/cloud';
import { openStateDb, type Db } from '../state/db.js';
import { silentLogger } from '../log.js';
import { SnapshotUploader, type SnapshotUploaderOptions } from './snapshot-uploader.js';

async function waitFor<T>(cond: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let cloud: Cloud;
let demo: DemoData;
let cloudDir: string;
let port: number;
let base: string;
let dir: string;
let devicesDir: string;
let db: Db;
let n = 0;

beforeAll(async () => {
  cloudDir = mkdtempSync(join(tmpdir(), 'yg-snapup-cloud-'));
  cloud = await buildApp({ logger: false, config: { mqtt: { mode: 'none' }, loginRateLimit: 1000, publicRateLimit: 1000, dataDir: cloudDir } });
  demo = await seedDemo(cloud.db, { history: false });
  // The port is chosen now; the cloud listens on it only in the first test ("cloud down, then up").
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(join(tmpdir(), 'yg-snapup-edge-'));
  devicesDir = join(dir, 'devices');
  db = openStateDb(join(dir, 'edge.db'));
});

afterAll(async () => {
  db?.close();
  await cloud?.close();
  rmSync(cloudDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function uploader(over: Partial<SnapshotUploaderOptions> = {}): SnapshotUploader {
  const gw = demo.gateways.small;
  const u = new SnapshotUploader({ db, devicesDir, baseUrl: base, username: gw, password: `demo-${gw}`, log: silentLogger(), backoffMinMs: 50, backoffMaxMs: 200, ...over });
  onTestFinished(() => u.stop());
  return u;
}

/** A snapshot JPEG on disk the way the camera adapter stores it, and its committed event. */
function snapshot(opts: { onDisk?: boolean } = {}): { event: Event; bytes: Buffer } {
  const snapshotId = `snap-${Date.now()}-${++n}`;
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`jpeg ${snapshotId}`), Buffer.from([0xff, 0xd9])]);
  if (opts.onDisk !== false) {
    mkdirSync(join(devicesDir, 'cam-gate'), { recursive: true });
    writeFileSync(join(devicesDir, 'cam-gate', `${snapshotId}.jpg`), bytes);
  }
  const event = {
    id: `ev-${snapshotId}`, seq: n, type: 'camera.snapshot', deviceId: 'cam-gate', gatewayId: demo.gateways.small, compoundId: demo.compounds.small,
    occurredAt: new Date().toISOString(),
    data: { snapshotId, ref: `cam-gate/${snapshotId}.jpg`, contentType: 'image/jpeg', bytes: bytes.byteLength, reason: 'rule' },
  } as unknown as Event;
  return { event, bytes };
}

async function login(username: string): Promise<string> {
  const res = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { token: string }).token;
}

async function served(snapshotId: string, username: string) {
  return cloud.app.inject({ url: `/api/snapshots/${demo.gateways.small}.${snapshotId}`, headers: { authorization: `Bearer ${await login(username)}` } });
}

const idOf = (e: Event) => (e as Extract<Event, { type: 'camera.snapshot' }>).data.snapshotId;

describe('snapshot uploader (real cloud, real SQLite, real files)', () => {
  it('keeps the row while the cloud is down, uploads once it is up; a manager of the compound gets the same bytes', async () => {
    const u = uploader();
    u.start();
    const { event, bytes } = snapshot();
    u.enqueue(event);
    await waitFor(() => u.stats.retries >= 2, 'retries while the cloud is down');
    expect(u.pending()).toBe(1);
    expect(u.stats.uploaded).toBe(0);

    await cloud.listen(port, '127.0.0.1');
    await waitFor(() => u.pending() === 0, 'upload after the cloud came up');
    expect(u.stats).toMatchObject({ uploaded: 1, rejected: 0, missing: 0 });
    const mine = await served(idOf(event), 'manager');
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.equals(bytes)).toBe(true);
    // Only users of that compound: guard2 works at the other one.
    expect((await served(idOf(event), 'guard2')).statusCode).toBe(403);
  });

  it('uploads several oldest first and survives a restart (rows are durable)', async () => {
    const first = uploader();
    const snaps = [snapshot(), snapshot(), snapshot()];
    for (const s of snaps) first.enqueue(s.event); // not started: rows only
    expect(first.pending()).toBe(3);
    await first.stop();

    const second = uploader({ concurrency: 2 });
    second.start();
    await waitFor(() => second.pending() === 0, 'all uploaded');
    expect(second.stats.uploaded).toBe(3);
    for (const s of snaps) expect((await served(idOf(s.event), 'guard1')).rawPayload.equals(s.bytes)).toBe(true);
  });

  it('a wrong password (401) drops the row and counts it, no retry loop', async () => {
    const u = uploader({ password: 'not-the-password' });
    u.start();
    const { event } = snapshot();
    u.enqueue(event);
    await waitFor(() => u.pending() === 0, 'row dropped');
    expect(u.stats).toMatchObject({ rejected: 1, retries: 0, uploaded: 0 });
    expect((await served(idOf(event), 'manager')).statusCode).toBe(404);
  });

  it('an evicted file is dropped with a log line, the next one still goes', async () => {
    const u = uploader();
    u.start();
    const gone = snapshot({ onDisk: false });
    const kept = snapshot();
    u.enqueue(gone.event);
    u.enqueue(kept.event);
    await waitFor(() => u.pending() === 0, 'queue drained');
    expect(u.stats).toMatchObject({ missing: 1, uploaded: 1, rejected: 0 });
    expect((await served(idOf(kept.event), 'manager')).rawPayload.equals(kept.bytes)).toBe(true);
  });

  it('uploads a snapshot whose event was committed just before the agent died (no upload row yet)', async () => {
    const { event, bytes } = snapshot();
    // What the outbox holds after a kill -9 right after the commit: the event, no upload row.
    db.prepare('INSERT INTO outbox (seq, id, lane, type, body, bytes, created_at) VALUES (?, ?, 1, ?, ?, 100, ?)').run(1_000_000 + n, event.id, event.type, JSON.stringify(event), Date.now());
    const u = uploader();
    u.start();
    await waitFor(() => u.stats.uploaded === 1, 'recovered upload');
    expect((await served(idOf(event), 'manager')).rawPayload.equals(bytes)).toBe(true);
  });

  it('ignores events other than camera.snapshot', () => {
    const u = uploader();
    u.enqueue({ type: 'gate.state', deviceId: 'gate-main', data: {} } as unknown as Event);
    expect(u.pending()).toBe(0);
  });
});
