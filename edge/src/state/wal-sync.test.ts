import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStateDb } from './db.js';
import { WalSync } from './wal-sync.js';

const tmpDb = () => openStateDb(join(mkdtempSync(join(tmpdir(), 'yg-walsync-')), 'state.db'));

describe('WalSync', () => {
  it('commits without an fsync on the main thread, then resolves after an fdatasync of the WAL', async () => {
    const db = tmpDb();
    const wal = new WalSync(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    wal.commitUnsynced(() => db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run());
    // Everything else on the connection is back under FULL (2) at once.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // Committed: another connection (as after kill -9) already reads it.
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare("SELECT value FROM meta WHERE key = 'a'").get()).toEqual({ value: '1' });
    other.close();
    expect(wal.syncs).toBe(0);
    await wal.whenDurable();
    expect(wal.syncs).toBe(1);
    wal.close();
    db.close();
  });

  it('commits made while an fdatasync is in flight share the next one', async () => {
    const db = tmpDb();
    const wal = new WalSync(db);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      wal.commitUnsynced(() => insert.run(`k${i}`, String(i)));
      waits.push(wal.whenDurable());
    }
    await Promise.all(waits);
    // The first commit starts a sync; the other 19 wait for exactly one more.
    expect(wal.syncs).toBe(2);
    wal.close();
    db.close();
  });

  it('checkpoints the WAL itself (auto-checkpoint is off) at most once a second', async () => {
    const db = tmpDb();
    const wal = new WalSync(db);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const dbFileSize = () => statSync(db.name).size;
    const size0 = dbFileSize();
    for (let i = 0; i < 20; i++) wal.commitUnsynced(() => insert.run(`k${i}`, 'y'.repeat(10_000)));
    await wal.whenDurable();
    // Over 200 KB sits in the WAL; nothing was copied into the database file yet.
    expect(dbFileSize()).toBe(size0);
    wal.maybeCheckpoint(Date.now() - 60_000);
    expect(dbFileSize()).toBe(size0);
    wal.maybeCheckpoint(Date.now() + 60_000);
    expect(dbFileSize()).toBeGreaterThan(size0 + 200_000);
    wal.close();
    db.close();
  });

  it('an in-memory database commits under FULL and is durable at once', async () => {
    const db = openStateDb(':memory:');
    const wal = new WalSync(db);
    wal.commitUnsynced(() => db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run());
    await wal.whenDurable();
    expect(wal.syncs).toBe(0);
    db.close();
  });
});
