import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { WalSync } from './wal-sync.js';

function openDb(file: string, level: 'FULL' | 'NORMAL' = 'FULL'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${level}`);
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  return db;
}
const tmpDb = (level?: 'FULL' | 'NORMAL') => openDb(join(mkdtempSync(join(tmpdir(), 'yg-walsync-')), 'state.db'), level);

describe('WalSync', () => {
  it('commits without an fsync on the main thread, then resolves after an fdatasync of the WAL', async () => {
    const db = tmpDb();
    const wal = new WalSync(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    let inside: unknown;
    wal.commitUnsynced(() => {
      inside = db.pragma('synchronous', { simple: true });
      db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run();
    });
    // The commit ran under OFF (0): no fsync inside COMMIT on the event loop.
    expect(inside).toBe(0);
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
    const db = openDb(':memory:');
    const wal = new WalSync(db);
    wal.commitUnsynced(() => db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run());
    await wal.whenDurable();
    expect(wal.syncs).toBe(0);
    db.close();
  });

  it('a connection kept under NORMAL (the cloud) goes back to NORMAL after each unsynced commit', async () => {
    const db = tmpDb('NORMAL');
    const wal = new WalSync(db, { level: 'NORMAL', checkpointAfterSync: false });
    wal.commitUnsynced(() => db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run());
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    await wal.whenDurable();
    expect(wal.syncs).toBe(1);
    wal.close();
    db.close();
  });

  it('a checkpoint that fails (a full disk) is tried again at the next call', () => {
    const db = tmpDb();
    let failures = 1;
    const wal = new WalSync(db, {
      guardCheckpoint: (run) => {
        if (failures-- > 0) return false;
        run();
        return true;
      },
    });
    const dbFileSize = () => statSync(db.name).size;
    const size0 = dbFileSize();
    wal.commitUnsynced(() => db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('k', 'y'.repeat(50_000)));
    wal.maybeCheckpoint(Date.now() + 60_000);
    expect(dbFileSize()).toBe(size0);
    wal.maybeCheckpoint(Date.now() + 120_000);
    expect(dbFileSize()).toBeGreaterThan(size0 + 40_000);
    wal.close();
    db.close();
  });
});
