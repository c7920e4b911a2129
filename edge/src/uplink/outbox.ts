/**
 * The durable outbox: every event is committed here before anyone acknowledges it, and leaves
 * only when the cloud's application ack names its sequence number (or it is dead-lettered).
 *
 * - Group commit: appends that arrive in the same event-loop turn share one transaction; every
 *   waiter resolves after that commit is on stable storage. The fsync runs off the main thread
 *   (WalSync: fdatasync of the WAL in libuv's pool), so the broker keeps serving while the disk
 *   syncs, and commits made meanwhile share the next fdatasync.
 * - `onCommitted` (optional, per append) runs right after the transaction, before the fsync:
 *   the event has its seq and duplicates are already absorbed, so the linkage rules can act on it
 *   without waiting for the disk; the PUBACK still waits for durability.
 * - Sequence numbers are assigned inside the commit (per gateway, persisted, never reused), so a
 *   duplicate (same event id, e.g. a QoS 1 redelivery) takes no number and leaves no gap.
 * - Lanes (laneOf): the forwarder reads alarm, then normal, then telemetry.
 * - Disk cap: when full, the oldest telemetry goes first; nothing else PUBACKed is ever evicted: a new
 *   routine event is refused (no PUBACK, the device keeps and resends it) and an alarm is stored
 *   over the cap. Drops are counted per lane for health.
 * - Only durable rows are read for sending (seq <= durableSeq, advanced after each fdatasync):
 *   a row the cloud has must never vanish in a power cut and its seq be reused.
 * - Disk full (SQLITE_FULL on a commit, ENOSPC on the fsync): the outbox gives up its reserve
 *   file (`<db>.reserve`, kept at start) and retries the batch once, now storing only alarms and
 *   the gateway's own reports (health says diskFull: true); routine device events are refused
 *   ('dropped', reason 'disk_full': the broker sends no PUBACK, the device resends later). It
 *   leaves that state when checkDiskFull() can write the reserve again (after acks free room).
 * - Dead letters are only what the cloud explicitly rejected (a missing ack is never a reason);
 *   the table is capped (oldest dropped, counted) and `resendDeadLetters()` queues them again.
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { laneOf, type DeadLetterSummary, type Event, type EventBody, type Lane } from '@yardguard/firmware-config/wire';
import type { Db } from '../state/db.js';
import { Meta } from '../state/db.js';
import { isDiskFull, storageFaults } from '../state/storage-faults.js';
import type { WalSync } from '@yardguard/firmware-config/node';
import { openWalSync } from '../state/wal-sync.js';
import { RecentIds } from './recent-ids.js';
import type { Logger } from '../log.js';

export const LANES: readonly Lane[] = ['alarm', 'normal', 'telemetry'];
const laneNo: Record<Lane, number> = { alarm: 0, normal: 1, telemetry: 2 };
/** Per-row overhead added to the body size when accounting against the cap (index, row header). */
const ROW_OVERHEAD_BYTES = 96;
/** Ids of recently acked events, so a late redelivery of one is still recognised as a duplicate. */
const RECENT_IDS = 20_000;

export interface EventEnvelope {
  v: Event['v'];
  id: string;
  compoundId: string;
  gatewayId: string;
  deviceId: string;
  occurredAt: string;
}

export type AppendResult =
  | { status: 'stored'; event: Event }
  | { status: 'duplicate'; event: Event }
  | { status: 'dropped'; event: Event; reason: 'disk_cap' | 'disk_full' };

/** A queued event as the forwarder reads it. */
export interface OutboxRow {
  seq: number;
  /** The stored event's JSON. */
  body: string;
  /** UTF-8 bytes of `body`. */
  bodyBytes: number;
}

export interface DeadLetter {
  seq: number;
  id: string;
  type: string;
  error: string;
  at: number;
}

export interface OutboxStats {
  depth: number;
  bytes: number;
  oldestAgeS: number;
  byLane: Record<Lane, number>;
  dropped: Record<Lane, number>;
  deadLetters: number;
  /** Dead letters deleted because the table was at its cap (since start). */
  deadLettersDropped: number;
  /** The disk filled up and the reserve is in use: only alarms and gateway reports are stored. */
  diskFull: boolean;
  refusedDiskFull: number;
  commits: number;
  lastSeq: number;
}

/** Called once per append: after the fsync with the result, or with the error that refused it. */
export type AppendDone = (err: Error | null, r?: AppendResult) => void;

interface Pending {
  env: EventEnvelope;
  body: EventBody;
  done: AppendDone;
  onCommitted?: (r: AppendResult) => void;
}

export interface OutboxOptions {
  db: Db;
  log: Logger;
  /** Disk cap for queued events (site.gateway.outbox.maxMb * 1 MiB). */
  maxBytes: number;
  /** Bytes of the reserve file given up when the disk fills, so alarms still fit (0: none). */
  reserveBytes?: number;
  /** Rows kept in the dead-letter table; the oldest are dropped (and counted) beyond it. */
  maxDeadLetters?: number;
  now?: () => number;
}

/**
 * The stored event: envelope, body, seq, in the key order of `{ ...env, ...body, seq }` (the
 * outbox body is its JSON). Written out because that double spread cost ~3 µs per event, more
 * than the SQLite insert; an envelope is exactly these fields and a body is `{ type, data }`.
 */
export function stampEvent(env: EventEnvelope, body: EventBody, seq: number): Event {
  return {
    v: env.v,
    id: env.id,
    compoundId: env.compoundId,
    gatewayId: env.gatewayId,
    deviceId: env.deviceId,
    occurredAt: env.occurredAt,
    type: body.type,
    data: body.data,
    seq,
  } as Event;
}

export class Outbox {
  private readonly db: Db;
  private readonly meta: Meta;
  private readonly wal: WalSync;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly maxDeadLetters: number;
  /** Every row with seq <= this has been fdatasynced; only those are read for sending. */
  private durableSeq: number;
  private deadDropped = 0;
  private readonly reserveFile: string | undefined;
  private readonly reserveBytes: number;
  private diskFull = false;
  private ackReserveReleased = false;
  /** Routine device events refused while the disk was full (since start). */
  private refusedDiskFull = 0;
  maxBytes: number;
  private pending: Pending[] = [];
  private flushScheduled = false;
  private nextSeq: number;
  /** Rows per lane, kept in memory. */
  private readonly laneN: Record<Lane, number> = { alarm: 0, normal: 0, telemetry: 0 };
  private bytes: number;
  private readonly recentAcked = new RecentIds(RECENT_IDS);
  readonly dropped: Record<Lane, number> = { alarm: 0, normal: 0, telemetry: 0 };
  private deadCount: number;
  private commits = 0;
  private closed = false;

  private readonly st;

  constructor(opts: OutboxOptions) {
    this.db = opts.db;
    this.log = opts.log;
    this.maxBytes = opts.maxBytes;
    this.maxDeadLetters = opts.maxDeadLetters ?? 10_000;
    this.reserveBytes = opts.reserveBytes ?? 8 * 1024 * 1024;
    this.reserveFile = this.db.memory || this.reserveBytes === 0 ? undefined : `${this.db.name}.reserve`;
    if (this.reserveFile && !this.writeReserve()) this.enterDiskFull(new Error('no room for the reserve file at start'));
    this.now = opts.now ?? Date.now;
    this.meta = new Meta(this.db);
    this.wal = openWalSync(this.db);
    const db = this.db;
    // A full disk seen by any other writer (checkpoint, meta, presence, ...) gives up the reserve
    // too, so alarms still fit, and health reports diskFull.
    const faults = storageFaults(db);
    faults.log ??= opts.log.child({ mod: 'storage' });
    faults.onFault((_path, err) => {
      if (isDiskFull(err) && !this.diskFull) this.enterDiskFull(err);
    });
    this.st = {
      byId: db.prepare<[string], { seq: number; body: string }>('SELECT seq, body FROM outbox WHERE id = ?'),
      // ON CONFLICT: a resent id costs no extra lookup on the hot path (the unique index decides).
      insert: db.prepare<[number, string, number, string, string, number, number]>(
        'INSERT INTO outbox (seq, id, lane, type, body, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      oldestInLane: db.prepare<[number, number], { seq: number; bytes: number }>('SELECT seq, bytes FROM outbox WHERE lane = ? ORDER BY seq LIMIT ?'),
      delete: db.prepare<[number], { id: string; bytes: number; lane: number }>('DELETE FROM outbox WHERE seq = ? RETURNING id, bytes, lane'),
      // An ack names hundreds of seqs: one statement for all of them (a JSON array) instead of one per seq.
      deleteMany: db.prepare<[string], { id: string; seq: number; bytes: number; lane: number }>(
        'DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?)) RETURNING id, seq, bytes, lane',
      ),
      // Only what a batch needs, in the row shape the forwarder uses (no copy per row).
      laneAfter: db.prepare<[number, number, number, number], OutboxRow>(
        `SELECT seq, body, bytes - ${ROW_OVERHEAD_BYTES} AS bodyBytes FROM outbox WHERE lane = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      ),
      toDead: db.prepare<[string, number, number]>(
        'INSERT OR REPLACE INTO dead_letter (seq, id, type, body, error, attempts, at) SELECT seq, id, type, body, ?, attempts, ? FROM outbox WHERE seq = ?',
      ),
      deadOverCap: db.prepare<[number]>('DELETE FROM dead_letter WHERE seq IN (SELECT seq FROM dead_letter ORDER BY seq LIMIT ?)'),
      deadList: db.prepare<[number], DeadLetter>('SELECT seq, id, type, error, at FROM dead_letter ORDER BY seq LIMIT ?'),
      deadAll: db.prepare<[number], { seq: number; id: string; type: string; body: string }>('SELECT seq, id, type, body FROM dead_letter ORDER BY seq LIMIT ?'),
      deadDelete: db.prepare<[number]>('DELETE FROM dead_letter WHERE seq = ?'),
      deadReasons: db.prepare<[], { reason: string; n: number }>(
        'SELECT substr(error, 1, 200) AS reason, count(*) AS n FROM dead_letter GROUP BY reason ORDER BY n DESC, reason LIMIT 5',
      ),
      deadOldest: db.prepare<[], { at: number | null }>('SELECT min(at) AS at FROM dead_letter'),
      insertSeq: db.prepare<[number, string, number, string, string, number, number]>(
        'INSERT INTO outbox (seq, id, lane, type, body, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      // Only at start: afterwards the counts are kept in memory (health must stay cheap with a big backlog).
      stats: db.prepare<[], { b: number | null }>('SELECT sum(bytes) AS b FROM outbox'),
      oldest: db.prepare<[], { created_at: number }>('SELECT created_at FROM outbox ORDER BY seq LIMIT 1'),
      laneCounts: db.prepare<[], { lane: number; n: number }>('SELECT lane, count(*) AS n FROM outbox GROUP BY lane'),
      deadCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dead_letter'),
      maxSeq: db.prepare<[], { m: number | null }>('SELECT max(seq) AS m FROM (SELECT seq FROM outbox UNION ALL SELECT seq FROM dead_letter)'),
    };
    const s = this.st.stats.get()!;
    for (const r of this.st.laneCounts.all()) this.laneN[LANES[r.lane]!] = r.n;
    this.bytes = s.b ?? 0;
    this.deadCount = this.st.deadCount.get()!.n;
    // The persisted counter is the truth; max(seq) guards against a meta row lost by hand-editing.
    this.nextSeq = Math.max(this.meta.getNumber('next_seq', 1), (this.st.maxSeq.get()!.m ?? 0) + 1);
    // What a previous run committed may not have been fdatasynced (kill -9 between commit and
    // sync): sync it now, so every row found at start is durable before it is sent.
    this.wal.syncNow();
    this.durableSeq = this.nextSeq - 1;
  }

  /** The sequence number the next stored event will get (the last one used + 1). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Queue an event for the next group commit; resolves once that commit is durable (fsynced).
   * `onCommitted` runs earlier, right after the commit (the event is numbered, not yet fsynced).
   */
  append(env: EventEnvelope, body: EventBody, onCommitted?: (r: AppendResult) => void): Promise<AppendResult> {
    return new Promise((resolve, reject) => this.appendCb(env, body, (err, r) => (err ? reject(err) : resolve(r!)), onCommitted));
  }

  /**
   * append() without a promise per event (the broker's hot path): `done` runs after the group's
   * fsync, called in a loop over the group, or with the error if the outbox refused the event.
   */
  appendCb(env: EventEnvelope, body: EventBody, done: AppendDone, onCommitted?: (r: AppendResult) => void): void {
    if (this.closed) {
      done(new Error('outbox is closed'));
      return;
    }
    this.pending.push({ env, body, done, onCommitted });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushNow);
    }
  }

  private readonly flushNow = (): void => this.flush();

  /** Commit everything queued now (also called by close()); waiters resolve after the fsync. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const results: AppendResult[] = [];
    const before = { laneN: { ...this.laneN }, bytes: this.bytes, nextSeq: this.nextSeq };
    const droppedBefore = { ...this.dropped };
    const refusedBefore = this.refusedDiskFull;
    try {
      this.wal.commitUnsynced(() => {
        for (const p of batch) results.push(this.storeOne(p));
        this.meta.set('next_seq', this.nextSeq);
      });
      this.commits++;
    } catch (err) {
      // Roll the in-memory mirror back to what the database still holds.
      Object.assign(this.laneN, before.laneN);
      this.bytes = before.bytes;
      this.nextSeq = before.nextSeq;
      Object.assign(this.dropped, droppedBefore);
      this.refusedDiskFull = refusedBefore;
      if (isDiskFull(err) && !this.diskFull) {
        // Give up the reserve and retry this batch once: alarms and gateway reports now fit.
        this.enterDiskFull(err as Error);
        this.pending = batch.concat(this.pending);
        this.flush();
        return;
      }
      this.log.error({ err, events: batch.length }, 'outbox commit failed; the devices will resend');
      for (const p of batch) this.settle(p, err as Error);
      return;
    }
    batch.forEach((p, i) => {
      if (!p.onCommitted) return;
      try {
        p.onCommitted(results[i]!);
      } catch (err) {
        this.log.error({ err }, 'outbox onCommitted callback failed (ignored)');
      }
    });
    const upTo = this.nextSeq - 1;
    this.wal.whenDurable().then(
      () => {
        if (upTo > this.durableSeq) this.durableSeq = upTo;
        for (let i = 0; i < batch.length; i++) this.settle(batch[i]!, null, results[i]!);
      },
      (err: Error) => {
        if (isDiskFull(err) && !this.diskFull) this.enterDiskFull(err);
        // Committed but not known to be on disk: refuse, the devices resend (ids absorb repeats).
        this.log.error({ err, events: batch.length }, 'outbox fsync failed; the devices will resend');
        for (const p of batch) this.settle(p, err);
      },
    );
  }

  /** One waiter's callback; a throwing callback must not keep the rest of the group waiting. */
  private settle(p: Pending, err: Error | null, r?: AppendResult): void {
    try {
      p.done(err, r);
    } catch (e) {
      this.log.error({ err: e }, 'outbox append callback failed (ignored)');
    }
  }

  private storeOne(p: Pending): AppendResult {
    const ackedSeq = this.recentAcked.get(p.env.id);
    if (ackedSeq !== undefined) return { status: 'duplicate', event: stampEvent(p.env, p.body, ackedSeq) };

    const lane = laneOf(p.body.type);
    const seq = this.nextSeq;
    const event = stampEvent(p.env, p.body, seq);
    // Disk full: the reserve is kept for alarms and the gateway's own reports.
    if (this.diskFull && lane !== 'alarm' && p.env.deviceId !== p.env.gatewayId) {
      this.refusedDiskFull++;
      return { status: 'dropped', event, reason: 'disk_full' };
    }
    const body = JSON.stringify(event);
    const size = Buffer.byteLength(body) + ROW_OVERHEAD_BYTES;
    if (!this.makeRoom(size, lane)) {
      const existing = this.st.byId.get(p.env.id);
      if (existing) return { status: 'duplicate', event: JSON.parse(existing.body) as Event };
      this.dropped[lane]++;
      return { status: 'dropped', event, reason: 'disk_cap' };
    }
    if (this.st.insert.run(seq, p.env.id, laneNo[lane], p.body.type, body, size, this.now()).changes === 0) {
      // Same id already queued (a QoS 1 redelivery): no row, no sequence number used.
      const existing = this.st.byId.get(p.env.id)!;
      return { status: 'duplicate', event: JSON.parse(existing.body) as Event };
    }
    this.nextSeq++;
    this.laneN[lane]++;
    this.bytes += size;
    return { status: 'stored', event };
  }

  /** Evict older, lower-priority events until `size` fits. False = the new event must be dropped. */
  private makeRoom(size: number, lane: Lane): boolean {
    if (this.bytes + size <= this.maxBytes) return true;
    // Only telemetry makes room. A stored routine event was PUBACKed as stored and is never evicted:
    // a new routine event is refused instead (no PUBACK; its device keeps and resends it), and an
    // alarm is stored over the cap (the disk reserve covers the real disk-full case).
    const victims: Lane[] = ['telemetry'];
    for (const victim of victims) {
      while (this.bytes + size > this.maxBytes) {
        const rows = this.st.oldestInLane.all(laneNo[victim], 64);
        if (rows.length === 0) break;
        for (const r of rows) {
          if (this.bytes + size <= this.maxBytes) break;
          this.st.delete.get(r.seq);
          this.laneN[victim]--;
          this.bytes -= r.bytes;
          this.dropped[victim]++;
        }
      }
      if (this.bytes + size <= this.maxBytes) return true;
    }
    // Alarms are never dropped: stored over the cap. Lower lanes are refused.
    return lane === 'alarm';
  }

  /** Up to `limit` durable rows of one lane after `afterSeq`, oldest first. */
  readLane(lane: Lane, afterSeq: number, limit: number): OutboxRow[] {
    return this.st.laneAfter.all(laneNo[lane], afterSeq, this.durableSeq, limit);
  }

  /**
   * The cloud committed these: delete them. Unknown seqs (already gone) are ignored. `alsoInTx`
   * runs inside the same transaction (the forwarder's last_acked_seq).
   *
   * Committed without an fsync (WalSync.commitUnsynced): a delete lost in a power cut only brings
   * rows back that are sent again and absorbed by the cloud (it inserts by id), so nothing waits
   * for the disk here. Under FULL this commit fsynced the WAL on the event loop for every ack
   * (plus a second fsync for last_acked_seq): with the cloud attached that stalled the broker
   * longer than all the appends' work (profile in bench/README.md). Its WAL frames become durable
   * with the next group commit's fdatasync or the next checkpoint (which syncs the WAL first).
   */
  ack(seqs: readonly number[], alsoInTx?: () => void): number {
    try {
      return this.deleteAcked(seqs, alsoInTx);
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      // A delete needs WAL room too: give back the WAL and the acks' own reserve, then retry once.
      this.enterDiskFull(err as Error);
      this.releaseAckReserve();
      return this.deleteAcked(seqs, alsoInTx);
    }
  }

  private deleteAcked(seqs: readonly number[], alsoInTx?: () => void): number {
    let removed = 0;
    // The in-memory mirror changes only once the transaction has committed.
    let gone: { id: string; seq: number; bytes: number; lane: number }[] = [];
    this.wal.commitUnsynced(() => {
      gone = this.st.deleteMany.all(JSON.stringify(seqs));
      alsoInTx?.();
    });
    for (const r of gone) {
      removed++;
      this.laneN[LANES[r.lane]!]--;
      this.bytes -= r.bytes;
      this.recentAcked.add(r.id, r.seq);
    }
    this.wal.noteWrite();
    return removed;
  }

  /** Move events the cloud rejected to the dead-letter table (capped: the oldest go first). */
  deadLetter(items: readonly { seq: number; error: string }[]): number {
    let moved = 0;
    let dropped = 0;
    const at = this.now();
    this.db.transaction(() => {
      for (const { seq, error } of items) {
        const changed = this.st.toDead.run(error.slice(0, 500), at, seq).changes;
        if (!changed) continue;
        const r = this.st.delete.get(seq);
        if (r) {
          this.laneN[LANES[r.lane]!]--;
          this.bytes -= r.bytes;
        }
        moved++;
      }
      const over = this.deadCount + moved - this.maxDeadLetters;
      if (over > 0) dropped = this.st.deadOverCap.run(over).changes;
    })();
    this.wal.noteWrite();
    this.deadCount += moved - dropped;
    this.deadDropped += dropped;
    if (moved) this.log.warn({ moved, total: this.deadCount }, 'events the cloud rejected moved to the dead-letter table');
    if (dropped) this.log.error({ dropped, cap: this.maxDeadLetters }, 'dead-letter table full: the oldest dead letters were deleted');
    return moved;
  }

  /** The oldest dead letters (for `status`, the CLI and health). */
  listDeadLetters(limit = 100): DeadLetter[] {
    return this.st.deadList.all(limit);
  }

  /** For health and the console: the oldest dead letter's time and the commonest reasons (none: undefined). */
  deadLetterSummary(): DeadLetterSummary | undefined {
    if (this.deadCount === 0) return undefined;
    const at = this.st.deadOldest.get()?.at;
    if (at == null) return undefined;
    return { oldestAt: new Date(at).toISOString(), reasons: this.st.deadReasons.all().map((r) => ({ reason: r.reason, count: r.n })) };
  }

  /**
   * Queue dead letters again, with their own seq (never reused for another event: the cloud
   * inserts idempotently by id). Returns how many went back into the outbox.
   */
  resendDeadLetters(limit = this.maxDeadLetters): number {
    let back = 0;
    let removed = 0;
    this.db.transaction(() => {
      for (const r of this.st.deadAll.all(limit)) {
        const lane = laneOf(r.type as EventBody['type']);
        const size = Buffer.byteLength(r.body) + ROW_OVERHEAD_BYTES;
        if (this.st.insertSeq.run(r.seq, r.id, laneNo[lane], r.type, r.body, size, this.now()).changes) {
          back++;
          this.laneN[lane]++;
          this.bytes += size;
        }
        this.st.deadDelete.run(r.seq);
        removed++;
      }
    })();
    this.wal.noteWrite();
    this.deadCount -= removed;
    if (removed) this.log.info({ resent: back, removed }, 'dead letters queued again for the cloud');
    return back;
  }

  stats(): OutboxStats {
    const oldest = this.st.oldest.get()?.created_at;
    return {
      depth: this.depth,
      bytes: this.bytes,
      oldestAgeS: oldest === undefined ? 0 : Math.max(0, (this.now() - oldest) / 1000),
      byLane: { ...this.laneN },
      dropped: { ...this.dropped },
      deadLetters: this.deadCount,
      deadLettersDropped: this.deadDropped,
      diskFull: this.diskFull,
      refusedDiskFull: this.refusedDiskFull,
      commits: this.commits,
      lastSeq: this.lastSeq,
    };
  }

  /**
   * While the disk is full, try to take the reserve back (after acks freed room); true while
   * still full. Called on a timer by the agent.
   */
  checkDiskFull(): boolean {
    if (!this.diskFull) return false;
    try {
      // Give the WAL's space back to the filesystem first.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      this.log.debug({ err }, 'checkpoint while the disk is full failed');
    }
    if (this.writeReserve()) {
      this.diskFull = false;
      this.ackReserveReleased = false;
      this.log.warn('disk has room again: reserve restored, all events accepted');
    }
    return this.diskFull;
  }

  private enterDiskFull(err: Error): void {
    this.diskFull = true;
    this.log.error({ err: err.message }, 'disk full: reserve given up; storing only alarms and gateway reports until room is freed');
    if (this.reserveFile) removeFile(this.reserveFile);
  }

  /** The second, smaller reserve: room for deleting acked rows, so a full disk can drain. */
  private releaseAckReserve(): void {
    if (!this.reserveFile || this.ackReserveReleased) return;
    this.ackReserveReleased = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // No room to checkpoint either: the reserve below has to do.
    }
    removeFile(`${this.reserveFile}-acks`);
  }

  /** (Re)create the reserve files; false when the filesystem has no room for them. */
  private writeReserve(): boolean {
    if (!this.reserveFile) return true;
    const files: [string, number][] = [[`${this.reserveFile}-acks`, Math.ceil(this.reserveBytes / 4)], [this.reserveFile, this.reserveBytes]];
    try {
      for (const [file, bytes] of files) writeFileSync(file, Buffer.alloc(bytes));
      return true;
    } catch (err) {
      // Keep the acks' reserve if it was written; the main one waits for more room.
      removeFile(this.reserveFile);
      this.log.debug({ err }, 'reserve file not written');
      return false;
    }
  }

  get depth(): number {
    return this.laneN.alarm + this.laneN.normal + this.laneN.telemetry;
  }

  /** Commit what is queued, then refuse new appends. The database is closed by its owner. */
  close(): void {
    this.flush();
    this.closed = true;
    this.wal.close();
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
