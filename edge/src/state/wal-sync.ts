/**
 * Durable commits without blocking the event loop on the fsync.
 *
 * With synchronous=FULL, better-sqlite3 fsyncs the WAL inside COMMIT, on the main thread: the
 * broker, the rules and the timers all stall for every group commit's fsync (3 ms median, 20+ ms
 * on a busy disk). Here a transaction commits with synchronous=OFF (SQLite writes its WAL frames
 * with write(): in the page cache, so they already survive kill -9), then `whenDurable()` runs
 * fdatasync on the WAL file in libuv's thread pool (the same call SQLite makes under FULL) and
 * resolves only after an fdatasync that *started after* the commit finished. Callers acknowledge
 * (PUBACK) after that, so the power-cut promise is unchanged. While one fdatasync is in flight,
 * later commits wait for the next one: natural batching under load.
 *
 * Checkpoints: with synchronous=OFF SQLite would checkpoint without syncing the WAL first (a
 * checkpoint copies WAL pages into the database file, then the WAL is reused from its start),
 * which a power cut could corrupt. So this connection's auto-checkpoint is off and
 * `maybeCheckpoint()` runs a PASSIVE checkpoint itself under synchronous=FULL (SQLite then
 * syncs the WAL before copying and the database file before the WAL may be reused).
 * Everything else on the connection (nonces, meta) keeps running under FULL: only
 * `commitUnsynced` (the outbox's appends and acks) switches to OFF, for the duration of one
 * transaction.
 *
 * An in-memory database (tests) has no WAL file, and a WAL file that cannot be opened falls back
 * the same way: commits run under FULL (fsync inside COMMIT) and are durable on return.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type { Db } from './db.js';
import { storageFaults } from './storage-faults.js';

/** How often (at most) the WAL is checkpointed into the database file while writes go on. */
const CHECKPOINT_EVERY_MS = 1000;

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class WalSync {
  private readonly db: Db;
  private readonly walFd: number | null;
  private readonly syncOff;
  private readonly syncFull;
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

  constructor(db: Db) {
    this.db = db;
    const wal = db.memory || db.readonly || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal' ? null : `${db.name}-wal`;
    // SQLite creates the -wal file with the connection's first read; make sure it exists.
    if (wal) db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    this.walFd = wal ? openWal(wal) : null;
    if (this.walFd !== null) db.pragma('wal_autocheckpoint = 0');
    this.syncOff = db.prepare('PRAGMA synchronous = OFF');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
  }

  /** Run `fn` as one transaction committed without an fsync; call whenDurable() before acknowledging. */
  commitUnsynced<T>(fn: () => T): T {
    if (this.walFd === null) return this.db.transaction(fn)();
    this.syncOff.run();
    try {
      return this.db.transaction(fn)();
    } finally {
      this.syncFull.run();
      this.dirty = true;
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
      this.maybeCheckpoint();
    });
  }

  /** Note a write made under FULL (acks, dead letters), so the WAL gets checkpointed. */
  noteWrite(): void {
    this.dirty = true;
    this.maybeCheckpoint();
  }

  /** Checkpoint (PASSIVE, under FULL) at most once a CHECKPOINT_EVERY_MS while there are writes. */
  maybeCheckpoint(now = Date.now()): void {
    if (this.walFd === null || this.closed || !this.dirty || now - this.lastCheckpoint < CHECKPOINT_EVERY_MS) return;
    this.lastCheckpoint = now;
    this.dirty = false;
    // A full disk must not kill the agent from an fsync callback: the WAL keeps the data, the
    // next checkpoint (after acks freed room) tries again.
    const ok = storageFaults(this.db).guard('checkpoint', () => (this.db.pragma('wal_checkpoint(PASSIVE)'), true), false);
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

/** The WAL file's handle; null (plain FULL commits, fsync inside COMMIT) if it cannot be opened. */
function openWal(file: string): number | null {
  try {
    return openSync(file, 'r+');
  } catch {
    return null;
  }
}
