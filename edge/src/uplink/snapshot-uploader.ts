/**
 * Uploads camera snapshots to the cloud (`PUT /api/gateway/snapshots/:snapshotId`, HTTP Basic with
 * the gateway's MQTT login). The `camera.snapshot` event travels through the outbox like any other
 * event; the image bytes take this separate HTTP path because they are far bigger than an event.
 *
 * Durable: each committed camera.snapshot event becomes a row in `snapshot_uploads` (agent's state
 * DB), deleted only on a 2xx, so a restart or a cloud outage loses nothing; at start, snapshot
 * events still in the outbox get their row too (the agent may have died between the commit and
 * the bus event that queues the upload). Oldest first, at most
 * `concurrency` uploads at once. Network errors, 5xx, 408 and 429 keep the row and pause the whole
 * queue with exponential backoff (the cloud is one place: if it is down for one row it is down for
 * all). Any other 4xx (wrong password, too big, bad id) drops the row, logged and counted, never
 * retried. A file that is gone (evicted by the snapshot space cap) is dropped with a log line.
 */
import { readFile } from 'node:fs/promises';
import type { Event } from '@yardguard/firmware-config/wire';
import type { Db } from '../state/db.js';
import type { Logger } from '../log.js';
import { storageFaults } from '../state/storage-faults.js';
import { snapshotPathForRef } from '../devices/camera/snapshot-store.js';
import { cloudRequest } from '../net/cloud-http.js';

export interface SnapshotUploaderOptions {
  db: Db;
  /** `<dataDir>/devices`: the directory a camera.snapshot `ref` is relative to. */
  devicesDir: string;
  /** The cloud's HTTP base URL (e.g. https://yard.example.cn); a path prefix is kept. */
  baseUrl: string;
  username: string;
  password: string;
  log: Logger;
  /** Parallel uploads (1-2: a Pi's uplink is often a 4G router). */
  concurrency?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  requestTimeoutMs?: number;
  /** PEM CA pinned at enrollment for a cloud with its own CA (HTTPS then goes through cloudRequest). */
  ca?: string;
}

export interface SnapshotUploadStats {
  uploaded: number;
  /** Dropped because the cloud refused them for good (4xx other than 408/429). */
  rejected: number;
  /** Dropped because the file was gone (evicted) or the ref was not a snapshot path. */
  missing: number;
  /** Retryable failures (network, 5xx, 408, 429); the rows were kept. */
  retries: number;
}

interface Row {
  seq: number;
  snapshot_id: string;
  device_id: string;
  ref: string;
  content_type: string;
  taken_at: string;
  attempts: number;
}

type Outcome = 'done' | 'retry';

const SCHEMA = `CREATE TABLE IF NOT EXISTS snapshot_uploads (
  seq INTEGER PRIMARY KEY,
  snapshot_id TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  content_type TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
)`;

export class SnapshotUploader {
  readonly stats: SnapshotUploadStats = { uploaded: 0, rejected: 0, missing: 0, retries: 0 };
  private readonly inflight = new Map<number, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly auth: string;
  private readonly endpoint: string;
  private readonly concurrency: number;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly timeoutMs: number;
  private readonly stmts;
  private consecutiveFailures = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly opts: SnapshotUploaderOptions) {
    opts.db.exec(SCHEMA);
    this.stmts = {
      insert: opts.db.prepare('INSERT OR IGNORE INTO snapshot_uploads (snapshot_id, device_id, ref, content_type, taken_at, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      // Oldest first, skipping the ones already on the wire (at most `concurrency` of them).
      next: opts.db.prepare<[number], Row>('SELECT seq, snapshot_id, device_id, ref, content_type, taken_at, attempts FROM snapshot_uploads WHERE seq > ? ORDER BY seq LIMIT 1'),
      remove: opts.db.prepare<[number]>('DELETE FROM snapshot_uploads WHERE seq = ?'),
      attempt: opts.db.prepare<[number]>('UPDATE snapshot_uploads SET attempts = attempts + 1 WHERE seq = ?'),
      count: opts.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM snapshot_uploads'),
    };
    this.auth = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    this.endpoint = `${opts.baseUrl.replace(/\/+$/, '')}/api/gateway/snapshots/`;
    this.concurrency = Math.max(1, Math.min(2, opts.concurrency ?? 1));
    this.minMs = opts.backoffMinMs ?? 1_000;
    this.maxMs = opts.backoffMaxMs ?? 60_000;
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
  }

  /** Queue a committed event if it is a camera.snapshot (others are ignored). */
  enqueue(e: Event): void {
    if (e.type !== 'camera.snapshot') return;
    // Not queued on a full disk: the event is in the outbox, recoverFromOutbox() queues it at start.
    storageFaults(this.opts.db).guard('snapshot-queue', () => this.stmts.insert.run(e.data.snapshotId, e.deviceId, e.data.ref, e.data.contentType, e.occurredAt, Date.now()), undefined);
    this.pump();
  }

  /** Rows still waiting for a 2xx. */
  pending(): number {
    return this.stmts.count.get()?.n ?? 0;
  }

  start(): void {
    this.recoverFromOutbox();
    this.running = true;
    this.pump();
  }

  /**
   * The agent can die between an event's commit and the bus event that queues its upload: every
   * camera.snapshot still in the outbox (not yet acked by the cloud) gets its upload row at start
   * (INSERT OR IGNORE by snapshot id; at worst an image already uploaded is PUT again, idempotent).
   */
  private recoverFromOutbox(): void {
    const rows = this.opts.db.prepare<[], { body: string }>("SELECT body FROM outbox WHERE type = 'camera.snapshot' ORDER BY seq").all();
    let recovered = 0;
    for (const r of rows) {
      const e = JSON.parse(r.body) as Event;
      if (e.type !== 'camera.snapshot') continue;
      recovered += storageFaults(this.opts.db).guard('snapshot-queue', () => this.stmts.insert.run(e.data.snapshotId, e.deviceId, e.data.ref, e.data.contentType, e.occurredAt, Date.now()).changes, 0);
    }
    if (recovered) this.opts.log.info({ recovered }, 'snapshot uploads recovered from the outbox');
  }

  /** Retry now (e.g. the cloud link just came up) instead of waiting out the backoff. */
  kick(): void {
    this.pausedUntil = 0;
    this.consecutiveFailures = 0;
    this.pump();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inflight.values()]);
  }

  private pump(): void {
    if (!this.running) return;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    while (this.inflight.size < this.concurrency) {
      const after = this.inflight.size ? Math.max(...this.inflight.keys()) : 0;
      const row = this.stmts.next.get(after);
      if (!row) return;
      const p = this.upload(row).then(
        (outcome) => this.settle(row, outcome),
        (err: unknown) => {
          this.opts.log.error({ err, snapshotId: row.snapshot_id }, 'snapshot upload crashed (row kept)');
          this.settle(row, 'retry');
        },
      );
      this.inflight.set(row.seq, p);
    }
  }

  private settle(row: Row, outcome: Outcome): void {
    this.inflight.delete(row.seq);
    if (outcome === 'done') {
      // Uploaded but the row not removed (full disk): a later PUT of the same image is idempotent.
      storageFaults(this.opts.db).guard('snapshot-queue', () => this.stmts.remove.run(row.seq), undefined);
      this.consecutiveFailures = 0;
    } else {
      storageFaults(this.opts.db).guard('snapshot-queue', () => this.stmts.attempt.run(row.seq), undefined);
      this.stats.retries++;
      this.consecutiveFailures++;
      const delay = Math.min(this.maxMs, this.minMs * 2 ** Math.min(20, this.consecutiveFailures - 1));
      // Jitter so a fleet of gateways does not hammer a recovering cloud in step.
      this.pausedUntil = Date.now() + delay * (0.75 + Math.random() * 0.5);
    }
    this.pump();
  }

  private async upload(row: Row): Promise<Outcome> {
    const log = this.opts.log;
    const path = snapshotPathForRef(this.opts.devicesDir, row.ref);
    if (!path) {
      this.stats.missing++;
      log.warn({ snapshotId: row.snapshot_id, ref: row.ref }, 'snapshot ref is not a snapshot path: dropped');
      return 'done';
    }
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.stats.missing++;
      log.info({ snapshotId: row.snapshot_id, ref: row.ref }, 'snapshot file gone (evicted by the space cap before upload): dropped');
      return 'done';
    }
    let status: number;
    let text = '';
    try {
      const url = this.endpoint + encodeURIComponent(row.snapshot_id);
      const headers = { authorization: this.auth, 'content-type': row.content_type, 'x-device-id': row.device_id, 'x-taken-at': row.taken_at };
      if (this.opts.ca) {
        // fetch cannot take a CA per request: the pinned-CA path uses node:https.
        const res = await cloudRequest(url, { method: 'PUT', headers, body, ca: this.opts.ca, timeoutMs: this.timeoutMs });
        status = res.status;
        if (status < 200 || status >= 300) text = res.body.toString('utf8').slice(0, 300);
      } else {
        const res = await fetch(url, { method: 'PUT', headers, body, signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]) });
        status = res.status;
        if (!res.ok) text = (await res.text()).slice(0, 300);
        else await res.arrayBuffer();
      }
    } catch (err) {
      if (this.consecutiveFailures === 0) log.warn({ err: (err as Error).message, snapshotId: row.snapshot_id }, 'cloud unreachable for snapshot upload: will retry');
      return 'retry';
    }
    if (status >= 200 && status < 300) {
      this.stats.uploaded++;
      log.debug({ snapshotId: row.snapshot_id, bytes: body.byteLength }, 'snapshot uploaded');
      return 'done';
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      this.stats.rejected++;
      log.error({ snapshotId: row.snapshot_id, status, response: text, attempts: row.attempts + 1 }, 'cloud refused the snapshot upload: dropped (check the gateway credentials / cloud URL)');
      return 'done';
    }
    log.warn({ snapshotId: row.snapshot_id, status, response: text }, 'snapshot upload failed: will retry');
    return 'retry';
  }
}
