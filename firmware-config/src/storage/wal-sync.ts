/**
 * Durable SQLite commits without blocking the event loop on the fsync (edge outbox, cloud ingest).
 *
 * With synchronous=FULL, better-sqlite3 fsyncs the WAL inside COMMIT, on the main thread: the
 * broker, the rules and the timers all stall for every commit's fsync (3 ms median, 20+ ms on a
 * busy disk; profiled in the cloud's reconnect storm at 77 % of its main thread). Here a
 * transaction commits with synchronous=OFF (SQLite writes its WAL frames with write(): in the page
 * cache, so they already survive kill -9), then `whenDurable()` runs fdatasync on the WAL file in
 * libuv's thread pool (the same call SQLite makes under FULL) and resolves only after an fdatasync
 * that *started after* the commit finished. Callers acknowledge after that, so the power-cut
 * promise is unchanged. While one fdatasync is in flight, later commits wait for the next one:
 * natural batching under load.
 *
 * Checkpoints: with synchronous=OFF SQLite would checkpoint without syncing the WAL first (a
 * checkpoint copies WAL pages into the database file, then the WAL is reused from its start),
 * which a power cut could corrupt. So the connection's auto-checkpoint is off and
 * `maybeCheckpoint()` runs a PASSIVE checkpoint itself under the connection's own level (FULL or
 * NORMAL: both sync the WAL before copying and the database file before the WAL may be reused).
 * Everything else on the connection keeps running under that level: only `commitUnsynced`
 * switches to OFF, for the duration of one transaction.
 *
 * An in-memory database (tests) has no WAL file, and a WAL file that cannot be opened falls back
 * the same way: commits run under FULL (fsync inside COMMIT) and are durable on return.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

export interface WalSyncOptions {
  /** The connection's synchronous level outside commitUnsynced; checkpoints run under it. */
  level?: 'FULL' | 'NORMAL';
  /**
   * Checkpoint from the fdatasync callback (default). Off where the connection may be inside a
   * transaction across event-loop turns (the cloud's Kysely): the owner then calls
   * maybeCheckpoint() where it holds the connection.
   */
  checkpointAfterSync?: boolean;
  /** Runs a checkpoint; false when it failed (a full disk) so the next call tries again. */
  guardCheckpoint?: (run: () => void) => boolean;
  /** At most one checkpoint this often while there are writes. */
  checkpointEveryMs?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class WalSync {
  private readonly db: Database;
  private readonly walFd: number | null;
  private readonly syncOff: () => void;
  private readonly syncLevel: () => void;
  private readonly syncFull: () => void;
  private readonly opts: Required<Omit<WalSyncOptions, 'guardCheckpoint'>> & Pick<WalSyncOptions, 'guardCheckpoint'>;
  /** Waiters of the fdatasync in flight. */
  private current: Waiter[] = [];
  /** Waiters whose commit finished after the in-flight fdatasync started. */
  private next: Waiter[] = [];
  private inFlight = false;
  private lastCheckpoint = Date.now();
  private dirty = false;
  private closed = false;
  /** fdatasync calls made (for tests and stats). */
  syncs = 0;

  /** The checkpoint period: an owner that drives maybeCheckpoint()/noteWrite() on a timer uses it. */
  get checkpointEveryMs(): number {
    return this.opts.checkpointEveryMs;
  }

  constructor(db: Database, opts: WalSyncOptions = {}) {
    this.db = db;
    this.opts = { level: 'FULL', checkpointAfterSync: true, checkpointEveryMs: 1000, ...opts };
    const wal = db.memory || db.readonly || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal' ? null : `${db.name}-wal`;
    // SQLite creates the -wal file with the connection's first read; make sure it exists.
    if (wal) db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    this.walFd = wal ? openWal(wal) : null;
    if (this.walFd !== null) db.pragma('wal_autocheckpoint = 0');
    // Not prepared statements: SQLite applies PRAGMA synchronous while compiling it, so running a
    // prepared one again changes nothing (a commit "under OFF" then still fsynced inside COMMIT).
    this.syncOff = () => db.exec('PRAGMA synchronous = OFF');
    this.syncLevel = () => db.exec(`PRAGMA synchronous = ${this.opts.level}`);
    this.syncFull = () => db.exec('PRAGMA synchronous = FULL');
  }

  /** Run `fn` as one transaction committed without an fsync; call whenDurable() before acknowledging. */
  commitUnsynced<T>(fn: () => T): T {
    if (this.walFd === null) return this.commitSynced(fn);
    this.syncOff();
    try {
      return this.db.transaction(fn)();
    } finally {
      this.syncLevel();
      this.dirty = true;
    }
  }

  /** Without a WAL handle: FULL for this one transaction, so it is durable on return. */
  private commitSynced<T>(fn: () => T): T {
    if (this.opts.level === 'FULL' || this.db.memory) return this.db.transaction(fn)();
    this.syncFull();
    try {
      return this.db.transaction(fn)();
    } finally {
      this.syncLevel();
    }
  }

  /** Resolves once everything committed so far is on stable storage. */
  whenDurable(): Promise<void> {
    if (this.walFd === null || this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (!this.inFlight) this.startSync();
    });
  }

  /** Synchronous variant for shutdown: everything committed so far is durable on return. */
  syncNow(): void {
    if (this.walFd === null) return;
    fdatasyncSync(this.walFd);
    this.syncs++;
  }

  private startSync(): void {
    const fd = this.walFd!;
    this.current = this.next;
    this.next = [];
    this.inFlight = true;
    this.syncs++;
    fdatasync(fd, (err) => {
      this.inFlight = false;
      if (this.closed) {
        closeSync(fd);
        return;
      }
      const done = this.current;
      this.current = [];
      if (err) for (const w of done) w.reject(err);
      else for (const w of done) w.resolve();
      if (this.next.length > 0) this.startSync();
      if (this.opts.checkpointAfterSync) this.maybeCheckpoint();
    });
  }

  /** Note a write made under the connection's own level, so the WAL gets checkpointed. */
  noteWrite(): void {
    this.dirty = true;
    this.maybeCheckpoint();
  }

  /** Checkpoint (PASSIVE, under the connection's level) at most once a checkpointEveryMs while there are writes. */
  maybeCheckpoint(now = Date.now()): void {
    if (this.walFd === null || this.closed || !this.dirty || now - this.lastCheckpoint < this.opts.checkpointEveryMs) return;
    this.lastCheckpoint = now;
    this.dirty = false;
    const run = () => void this.db.pragma('wal_checkpoint(PASSIVE)');
    const ok = this.opts.guardCheckpoint ? this.opts.guardCheckpoint(run) : (run(), true);
    if (!ok) this.dirty = true;
  }

  /** Make everything durable, then release the WAL file handle (the database is closed by its owner). */
  close(): void {
    if (this.walFd === null || this.closed) return;
    this.syncNow();
    this.closed = true;
    for (const w of [...this.current, ...this.next]) w.resolve();
    this.current = [];
    this.next = [];
    // An fdatasync still in the thread pool closes the handle when it returns.
    if (!this.inFlight) closeSync(this.walFd);
  }
}

/** The WAL file's handle; null (commits sync inside COMMIT) if it cannot be opened. */
function openWal(file: string): number | null {
  try {
    return openSync(file, 'r+');
  } catch {
    return null;
  }
}
