/**
 * A full disk, for real: the state database on a 2 MiB tmpfs (mounted here, so root only; CI runs
 * as root). SQLITE_FULL must not crash anything; the reserve file is given up so alarms and the
 * gateway's own reports still get in; routine device events are refused (no PUBACK) meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, SCHEMA_VERSION, type EventBody } from '@yardguard/firmware-config';
import { openStateDb, type Db } from '../state/db.js';
import { silentLogger } from '../log.js';
import { Outbox, type EventEnvelope } from './outbox.js';

const isRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'yg-full-'));
let mounted = false;

beforeAll(() => {
  if (!isRoot) return;
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
  mounted = true;
});
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', dir]);
});

const env = (deviceId = 'gate-1'): EventEnvelope => ({ v: SCHEMA_VERSION, id: newId(), compoundId: 'c1', gatewayId: 'gw1', deviceId, occurredAt: new Date().toISOString() });
const granted: EventBody = { type: 'gate.access_granted', data: { method: 'card', credentialRef: 'x'.repeat(128), userRef: 'y'.repeat(128) } };
const opened: EventBody = { type: 'gate.door_opened', data: {} };
const forced: EventBody = { type: 'gate.forced_open', data: {} };

/** What the agent's timer does; on a full disk it may fail, as it may in the agent. */
function checkpoint(db: Db): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // SQLITE_FULL: the outbox has to cope.
  }
}

describe.skipIf(!isRoot)('outbox on a full disk', () => {
  let db: Db;
  let outbox: Outbox;

  it('survives SQLITE_FULL: alarms and gateway reports use the reserve, routine device events are refused', async () => {
    db = openStateDb(join(dir, 'edge.db'));
    outbox = new Outbox({ db, log: silentLogger(), maxBytes: 1 << 30, reserveBytes: 256 * 1024 });
    expect(existsSync(join(dir, 'edge.db.reserve'))).toBe(true);
    // Fill the disk with routine events (the disk cap is far away: the filesystem is the limit).
    let refused: unknown;
    for (let i = 0; i < 20_000 && !refused; i++) {
      const r = await Promise.allSettled(Array.from({ length: 50 }, () => outbox.append(env(), granted)));
      refused = r.find((x) => x.status === 'rejected' || x.value.status === 'dropped');
      // The agent checkpoints about once a second; a real disk fills over hours, so the WAL is small then.
      if (!refused) checkpoint(db);
    }
    expect(refused).toBeDefined();
    expect(outbox.stats().diskFull).toBe(true);
    // Alarms still get in, and so does the gateway's own report.
    const alarm = await outbox.append(env(), forced);
    expect(alarm.status).toBe('stored');
    expect((await outbox.append(env('gw1'), { type: 'gateway.cloud_link', data: { state: 'down' } })).status).toBe('stored');
    // A routine device event is refused (the broker then sends no PUBACK).
    expect(await outbox.append(env(), opened)).toMatchObject({ status: 'dropped', reason: 'disk_full' });
    expect(outbox.readLane('alarm', 0, 10).map((r) => r.seq)).toContain(alarm.event.seq);
  });

  it('leaves the full state once the cloud acked enough to free room, and takes routine events again', async () => {
    const seqs = outbox.readLane('normal', 0, 100_000).map((r) => r.seq);
    // Acked batch by batch, as the forwarder does: deleting needs room in the WAL, which the acks' reserve gives.
    for (let i = 0; i < seqs.length; i += 500) {
      expect(outbox.ack(seqs.slice(i, i + 500))).toBe(Math.min(500, seqs.length - i));
      checkpoint(db);
    }
    expect(outbox.checkDiskFull()).toBe(false);
    expect(outbox.stats().diskFull).toBe(false);
    expect((await outbox.append(env(), opened)).status).toBe('stored');
    outbox.close();
    db.close();
  });
});
