/**
 * Ingest commit on SQLite with cached prepared statements in one synchronous better-sqlite3
 * transaction. It runs inside Kysely's connection lock (`withConnection`), so it never interleaves
 * with a Kysely transaction on the same single connection. Same effects as store-kysely.ts;
 * the store suite runs the ingest tests on both.
 *
 * Group commit: batches that arrive while a commit is being written wait and go into the next one,
 * each in its own savepoint (a batch that fails rolls back alone), and the whole group is made
 * durable by ONE WAL sync. One sync per batch made the sync the cloud's limit: with 12,000 gateways
 * each heartbeat round cost 12,000 syncs (profiled: 39 % of the cloud's time in the commit) and
 * heartbeats went unacked past their keepalive.
 */
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { WalSync } from '@yardguard/firmware-config/node';
import { deviceKey } from '../enrollment/config-store.js';
import { deviceStateFromEvents } from './device-state.js';
import { deriveRows, type CommitInput, type IngestStore } from './store-kysely.js';
import type { Event } from '@yardguard/firmware-config';

export interface SqliteHandle {
  raw: SqliteDatabase;
  /** Commits without an fsync on the event loop; whenDurable() before the ack. */
  wal: WalSync;
  /** Runs `fn` while holding Kysely's connection (no Kysely query or transaction in between). */
  withConnection<T>(fn: () => T): Promise<T>;
}

/** A group commit takes at most this many batches or (about) rows: ~10-20 ms of synchronous work. */
const GROUP_MAX_BATCHES = 256;
const GROUP_MAX_ROWS = 4000;

export function createSqliteIngestStore(h: SqliteHandle): IngestStore {
  let s: Record<'insertEvent' | 'ackState' | 'linkUp' | 'device' | 'deviceOnline' | 'applied' | 'agent' | 'derive', Statement> | undefined;
  const prepare = () => (s ??= {
    insertEvent: h.raw.prepare(`INSERT INTO events (id, compound_id, gateway_id, device_id, seq, type, occurred_at, received_at, data)
      VALUES (@id, @compound_id, @gateway_id, @device_id, @seq, @type, @occurred_at, @received_at, @data) ON CONFLICT (id) DO NOTHING`),
    ackState: h.raw.prepare(`UPDATE gateways SET last_ack_at = ?, last_acked_seq = CASE WHEN last_acked_seq < ? THEN ? ELSE last_acked_seq END WHERE id = ?`),
    linkUp: h.raw.prepare(`UPDATE gateways SET link_state = 'online', link_changed_at = @at WHERE id = @id AND link_state != 'online'
      AND (link_changed_at IS NULL OR link_changed_at <= @at)`),
    device: h.raw.prepare(`INSERT INTO devices (id, compound_id, gateway_id, device_id, kind, name, last_seen_at, online) VALUES (?, ?, ?, ?, ?, NULL, ?, NULL)
      ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at`),
    deviceOnline: h.raw.prepare(`INSERT INTO devices (id, compound_id, gateway_id, device_id, kind, name, last_seen_at, online) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
      ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, online = excluded.online`),
    applied: h.raw.prepare(`UPDATE gateways SET applied_config_version = ? WHERE id = ?`),
    agent: h.raw.prepare(`UPDATE gateways SET agent_version = ? WHERE id = ?`),
    derive: h.raw.prepare(`INSERT INTO derive_outbox (id, compound_id, gateway_id, seq, created_at, next_at, attempts, last_error, claimed_by, claimed_at)
      VALUES (@id, @compound_id, @gateway_id, @seq, @created_at, @next_at, @attempts, @last_error, @claimed_by, @claimed_at) ON CONFLICT (id) DO NOTHING`),
  });

  interface Waiting {
    input: CommitInput;
    resolve(fresh: Event[]): void;
    reject(err: unknown): void;
  }
  type Outcome = { ok: true; fresh: Event[] } | { ok: false; err: unknown };
  const waiting: Waiting[] = [];
  let writing = false;

  /** Commit everything waiting in one transaction and one sync; then the next group, if any came meanwhile. */
  async function writeGroups(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        let group: Waiting[] = [];
        const results: Outcome[] = [];
        try {
          await h.withConnection(() => {
            // What arrived while waiting for the connection joins this group, bounded so that one
            // synchronous transaction never holds the event loop for long.
            let n = 0;
            let rows = 0;
            while (n < waiting.length && n < GROUP_MAX_BATCHES && rows < GROUP_MAX_ROWS) rows += waiting[n++]!.input.rows.length;
            group = waiting.splice(0, n);
            // The edge deletes what the cloud acks: this commit must be on disk before the ack, not only
            // in the OS cache (WAL + NORMAL syncs at checkpoints only). Committed without a sync here;
            // the WAL's fdatasync runs in the thread pool and is awaited below, before any ack.
            h.wal.commitUnsynced(() => {
              for (const w of group) {
                try {
                  results.push({ ok: true, fresh: commitBatch(w.input) });
                } catch (err) {
                  results.push({ ok: false, err });
                }
              }
            });
          });
          // While this group's sync runs in the thread pool the next group is already being
          // gathered: a sync that started after this commit also covers it.
          h.wal.whenDurable().then(
            () => settle(group, results),
            (err: unknown) => {
              // The WAL could not be synced (I/O error): nothing of the group may be acked.
              for (const w of group) w.reject(err);
            },
          );
        } catch (err) {
          // The group's transaction itself failed (disk full, I/O error): nothing of it is stored.
          for (const w of group.length > 0 ? group : waiting.splice(0)) w.reject(err);
          continue;
        }
      }
    } finally {
      writing = false;
    }
  }

  function settle(group: Waiting[], results: Outcome[]): void {
    group.forEach((w, i) => {
      const r = results[i]!;
      if (r.ok) w.resolve(r.fresh);
      else w.reject(r.err);
    });
  }

  /** One batch in its own savepoint (better-sqlite3 nests a transaction inside another as a savepoint). */
  function commitBatch({ gatewayId, compoundId, events, rows, receivedAt, maxSeq }: CommitInput): Event[] {
    const st = prepare();
    return h.raw.transaction(() => {
      const ids = new Set<string>();
      for (const r of rows) if (st.insertEvent.run(r).changes === 1) ids.add(r.id);
      st.ackState.run(receivedAt, maxSeq, maxSeq, gatewayId);
      st.linkUp.run({ at: receivedAt, id: gatewayId });
      const fresh = events.filter((e) => ids.has(e.id));
      const u = deviceStateFromEvents(gatewayId, events, fresh, receivedAt);
      for (const d of u.devices) {
        const key = deviceKey(gatewayId, d.deviceId);
        if (d.online === undefined) st.device.run(key, compoundId, gatewayId, d.deviceId, d.kind ?? 'unknown', d.lastSeenAt);
        else st.deviceOnline.run(key, compoundId, gatewayId, d.deviceId, d.kind ?? 'unknown', d.lastSeenAt, d.online ? 1 : 0);
      }
      if (u.gateway.appliedConfigVersion !== undefined) st.applied.run(u.gateway.appliedConfigVersion, gatewayId);
      if (u.gateway.agentVersion !== undefined) st.agent.run(u.gateway.agentVersion, gatewayId);
      for (const row of deriveRows(fresh, receivedAt)) st.derive.run(row);
      return fresh;
    })();
  }

  return {
    commit(input) {
      return new Promise<Event[]>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        if (!writing) void writeGroups();
      });
    },
  };
}
