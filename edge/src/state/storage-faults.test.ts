/**
 * Every write path beside the outbox's own commit survives a full disk: the state database is
 * capped (PRAGMA max_page_count, so SQLite itself answers SQLITE_FULL, as on a full filesystem);
 * each write is refused, logged and counted per path, the outbox gives up its reserve (health
 * reports diskFull) and nothing throws. The real full filesystem is fault scenario 6 (test/faults).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandResult, Event } from '@yardguard/firmware-config';
import { EventBus } from '../bus.js';
import { NonceStore } from '../commands/nonce-store.js';
import { ResultQueue } from '../commands/result-queue.js';
import { Presence } from '../health/presence.js';
import { silentLogger } from '../log.js';
import { Outbox } from '../uplink/outbox.js';
import { SnapshotUploader } from '../uplink/snapshot-uploader.js';
import { tempDir, testSite } from '../../test/support/helpers.js';
import { Meta, openStateDb, type Db } from './db.js';
import { storageFaults } from './storage-faults.js';
import { openWalSync } from './wal-sync.js';

const log = silentLogger();
let dir: string;
let db: Db;
let outbox: Outbox;
let uploader: SnapshotUploader;

/** No more pages: every write that needs one fails with SQLITE_FULL. */
function fillDisk(): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
}

beforeEach(() => {
  dir = tempDir('yg-faults-');
  db = openStateDb(join(dir, 'edge.db'));
  outbox = new Outbox({ db, log, maxBytes: 1 << 30, reserveBytes: 64 * 1024 });
  uploader = new SnapshotUploader({ db, devicesDir: dir, baseUrl: 'http://127.0.0.1:9', username: 'gw', password: 'x', log });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const faultsAt = (path: string): number => storageFaults(db).stats().byPath[path] ?? 0;

describe('write paths on a full disk', () => {
  it('meta: set and delete report false instead of throwing; the outbox reports diskFull', () => {
    const meta = new Meta(db);
    fillDisk();
    expect(meta.set('cloud_link', 'x'.repeat(50_000))).toBe(false);
    expect(faultsAt('meta')).toBe(1);
    expect(outbox.stats().diskFull).toBe(true);
  });

  it('meta inside a transaction still throws, so the caller rolls back as a whole', () => {
    const meta = new Meta(db);
    fillDisk();
    expect(() => db.transaction(() => meta.set('k', 'x'.repeat(50_000)))()).toThrow(/full/i);
  });

  it('nonces: a command still runs once, and its replay is refused while the nonce lives in memory', () => {
    const nonces = new NonceStore(db, () => Date.now());
    fillDisk();
    let first = true;
    // Fill the last free room of the table's page first.
    for (let i = 0; i < 200 && faultsAt('nonces') === 0; i++) first = nonces.claim(`n-${i}-${'x'.repeat(500)}`, `c-${i}`, Date.now() + 60_000);
    expect(faultsAt('nonces')).toBeGreaterThan(0);
    expect(first).toBe(true);
    const last = `n-last-${'y'.repeat(500)}`;
    expect(nonces.claim(last, 'c-last', Date.now() + 60_000)).toBe(true);
    expect(nonces.claim(last, 'c-last', Date.now() + 60_000)).toBe(false);
    expect(() => nonces.purge()).not.toThrow();
  });

  it('command results: not queued, sent directly, counted', async () => {
    const publish = vi.fn(async () => true);
    const results = new ResultQueue({ db, log, publish, wallMs: () => Date.now() });
    fillDisk();
    const r = { commandId: 'cmd-1', status: 'ok', detail: 'x'.repeat(50_000) } as unknown as CommandResult;
    await expect(results.deliver(r)).resolves.toBeUndefined();
    expect(publish).toHaveBeenCalledWith(r);
    expect(faultsAt('results')).toBe(1);
  });

  it('snapshot queue: enqueue survives (the outbox recovers the row at the next start)', () => {
    fillDisk();
    const e = { type: 'camera.snapshot', deviceId: 'cam-1', occurredAt: new Date().toISOString(), data: { snapshotId: 's1', ref: `cam-1/${'s'.repeat(50_000)}.jpg`, contentType: 'image/jpeg', bytes: 1, reason: 'manual' } } as unknown as Event;
    expect(() => uploader.enqueue(e)).not.toThrow();
    expect(faultsAt('snapshot-queue')).toBe(1);
  });

  it('presence: state is kept in memory when its copy for `status` cannot be written', () => {
    const emit = vi.fn(async () => undefined);
    const site = testSite({ columns: 2, gates: 1 });
    const ids = [...site.gates.map((g) => g.id), ...site.alarmColumns.map((c) => c.id)];
    const presence = new Presence({ site, db, bus: new EventBus(log), log, emit, mqttDeviceIds: ids });
    fillDisk();
    // Use up the devices page's last bytes, so marking a device online needs a page there is no room for.
    const junk = db.prepare<[string, string]>('INSERT INTO devices (id, kind, online, last_seen, changed_at) VALUES (?, ?, NULL, NULL, 0)');
    for (let size = 2000, i = 0; size > 0; i++) {
      try {
        junk.run(`j${i}`, 'k'.repeat(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
    for (const id of ids) presence.set(id, true);
    expect(faultsAt('presence')).toBeGreaterThan(0);
    expect(presence.counts().online).toBe(ids.length);
    expect(emit).toHaveBeenCalledTimes(ids.length);
    expect(() => presence.persistLastSeen()).not.toThrow();
  });

  it('checkpoint: a refused checkpoint is counted and tried again later, never thrown', () => {
    const wal = openWalSync(db);
    const pragma = db.pragma.bind(db);
    // A checkpoint copies pages already counted, so the page cap cannot refuse it: inject the
    // error SQLite gives on a full filesystem (fault scenario 6 hits the real one).
    const spy = vi.spyOn(db, 'pragma').mockImplementation(((sql: string, opts?: object) => {
      if (sql.startsWith('wal_checkpoint')) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return pragma(sql, opts as never);
    }) as typeof db.pragma);
    wal.noteWrite();
    expect(() => wal.maybeCheckpoint(Date.now() + 10_000)).not.toThrow();
    expect(faultsAt('checkpoint')).toBe(1);
    expect(outbox.stats().diskFull).toBe(true);
    spy.mockRestore();
    wal.maybeCheckpoint(Date.now() + 20_000);
    expect(faultsAt('checkpoint')).toBe(1);
    wal.close();
  });

  it('other errors are not swallowed: a bug stays loud', () => {
    expect(() => storageFaults(db).guard('meta', () => db.prepare('INSERT INTO no_such_table VALUES (1)').run(), undefined)).toThrow(/no such table/);
  });
});
