/**
 * The agent's own durable state: one SQLite file (WAL) holding the outbox, the dead letters,
 * seen command nonces, device presence, the site config in force and small meta values
 * (next sequence number, cloud clock offset, link state). One connection, owned by the agent;
 * `yardguard-edge status` opens the same file read-only (WAL lets it read while the agent writes).
 *
 * synchronous=FULL: the outbox promises that an event a device got a PUBACK for survives a power
 * cut, not only kill -9. In WAL mode NORMAL survives a process crash but may lose the last
 * commits on power loss; FULL fsyncs the WAL on every commit. Group commit (many events per
 * transaction) keeps that to one fsync per batch, so the cost stays small. The outbox's appends
 * go through WalSync (wal-sync.ts): same fsync, made in libuv's thread pool instead of on the
 * event loop, before the PUBACK; that connection's checkpoints then run under FULL via WalSync.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { storageFaults } from './storage-faults.js';

export type Db = Database.Database;

/** SQLite page cache of the agent's connection, KiB. */
export const PAGE_CACHE_KIB = 4096;

const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     lane INTEGER NOT NULL,
     type TEXT NOT NULL,
     body TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX outbox_lane_seq ON outbox (lane, seq);
   CREATE TABLE dead_letter (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL,
     type TEXT NOT NULL,
     body TEXT NOT NULL,
     error TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE TABLE nonces (nonce TEXT PRIMARY KEY, command_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX nonces_expires ON nonces (expires_at);
   CREATE TABLE devices (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     online INTEGER,
     last_seen INTEGER,
     changed_at INTEGER NOT NULL
   );
   CREATE TABLE site_config (id INTEGER PRIMARY KEY CHECK (id = 1), config_version INTEGER NOT NULL, json TEXT NOT NULL, applied_at INTEGER NOT NULL);`,
  // Command results waiting for the cloud link (commands/result-queue.ts).
  `CREATE TABLE command_results (command_id TEXT PRIMARY KEY, json TEXT NOT NULL, at INTEGER NOT NULL);`,
];

export function openStateDb(file: string, opts: { readonly?: boolean } = {}): Db {
  if (!opts.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  if (opts.readonly) return db;
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MiB page cache per connection (SQLITE_DEFAULT_CACHE_SIZE
  // -16000), which the outbox's churn fills: 16 MiB of the agent's RSS under a burst. The hot pages
  // (the table's and indexes' newest leaves, the oldest rows being acked) fit in 4 MiB; the rest
  // is in the OS page cache anyway (see bench/README.md for the A/B).
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** Small typed key/value access to the meta table. */
export class Meta {
  private readonly db: Db;
  private readonly getStmt;
  private readonly setStmt;
  private readonly delStmt;
  constructor(db: Db) {
    this.db = db;
    this.delStmt = db.prepare<[string]>('DELETE FROM meta WHERE key = ?');
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }
  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }
  getNumber(key: string, fallback: number): number {
    const v = this.get(key);
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : fallback;
  }
  /**
   * False when a full disk refused the write (reported via storageFaults). Inside a transaction
   * the error is rethrown instead, so the caller's transaction rolls back as a whole.
   */
  set(key: string, value: string | number): boolean {
    if (this.db.inTransaction) return (this.setStmt.run(key, String(value)), true);
    return storageFaults(this.db).guard('meta', () => (this.setStmt.run(key, String(value)), true), false);
  }
  delete(key: string): boolean {
    if (this.db.inTransaction) return (this.delStmt.run(key), true);
    return storageFaults(this.db).guard('meta', () => (this.delStmt.run(key), true), false);
  }
}
