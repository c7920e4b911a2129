/**
 * ClusterBus over PostgreSQL: every instance on the same database receives every message (gate-open
 * results, live pushes), whichever instance got it from the broker.
 *
 * Every message is stored in `yg_cluster_bus` (one INSERT that also NOTIFYs, so the notification
 * leaves at commit). The NOTIFY carries the row's id and, when it fits (NOTIFY payloads are limited to
 * ~8000 bytes), the message itself; a larger message is read back from the table by its id, so any
 * size gets through. Publishing goes over a pool, not over the LISTEN connection, so it keeps working
 * while that connection reconnects; after every (re)connect the listener reads the rows it has not
 * seen (ids may commit out of order, so it looks back CATCH_UP_WINDOW ids and skips the ones it has
 * delivered). Rows are kept RETAIN_S seconds: enough for a reconnect, not a queue for a dead instance.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ClusterBus } from './bus.js';

const PG_CHANNEL = 'yg_cluster_bus';
const TABLE = 'yg_cluster_bus';
/** Messages at most this many bytes travel inside the NOTIFY (limit ~8000 with the envelope). */
const INLINE_MAX = 7000;
const CATCH_UP_WINDOW = 2000;
const RETAIN_S = 300;

export interface PostgresBusOptions {
  /** Delay before reconnecting the LISTEN connection (ms). */
  reconnectMs?: number;
  /** How often old rows are deleted (ms). */
  pruneEveryMs?: number;
}

interface Row {
  id: string;
  channel: string;
  payload: string;
}

interface Notice {
  i: string;
  c?: string;
  m?: unknown;
}

export async function createPostgresBus(url: string, log: Logger, opts: PostgresBusOptions = {}): Promise<ClusterBus> {
  const ee = new EventEmitter();
  ee.setMaxListeners(0);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', (err) => log.warn({ err }, 'cluster bus pool connection lost'));
  await pool.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (
    id BIGSERIAL PRIMARY KEY, channel TEXT NOT NULL, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  let client: pg.Client | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  /** Ids delivered here, pruned below maxSeen - CATCH_UP_WINDOW (they can no longer be re-read). */
  const seen = new Set<bigint>();
  let maxSeen = -1n;
  let inOrder: Promise<void> = Promise.resolve();

  const deliver = (id: bigint, channel: string, message: unknown) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (id > maxSeen) {
      maxSeen = id;
      if (seen.size > 2 * CATCH_UP_WINDOW) for (const s of seen) if (s < maxSeen - BigInt(CATCH_UP_WINDOW)) seen.delete(s);
    }
    deliverHere(channel, message);
  };

  const deliverHere = (channel: string, message: unknown) => {
    for (const h of ee.listeners(channel)) {
      try {
        (h as (m: unknown) => void)(message);
      } catch (err) {
        log.error({ err, channel }, 'cluster bus listener failed');
      }
    }
  };

  const deliverRows = (rows: Row[]) => {
    for (const r of rows) {
      try {
        deliver(BigInt(r.id), r.channel, JSON.parse(r.payload));
      } catch (err) {
        log.warn({ err, id: r.id }, 'bad cluster bus row');
      }
    }
  };

  /** Rows this instance may have missed (before its LISTEN was in place, or while it was down). */
  async function catchUp(c: pg.Client | pg.Pool): Promise<void> {
    const from = maxSeen < 0n ? undefined : maxSeen - BigInt(CATCH_UP_WINDOW);
    if (from === undefined) {
      // First start: begin after what is already there (older messages were for earlier instances).
      const r = await c.query<{ max: string | null }>(`SELECT max(id)::text AS max FROM ${TABLE}`);
      maxSeen = r.rows[0]?.max ? BigInt(r.rows[0].max) : 0n;
      return;
    }
    const r = await c.query<Row>(`SELECT id::text AS id, channel, payload FROM ${TABLE} WHERE id > $1 ORDER BY id`, [from.toString()]);
    deliverRows(r.rows);
  }

  async function fetchById(id: bigint): Promise<void> {
    try {
      const r = await pool.query<Row>(`SELECT id::text AS id, channel, payload FROM ${TABLE} WHERE id = $1`, [id.toString()]);
      deliverRows(r.rows);
    } catch (err) {
      // The next reconnect's catch-up reads it.
      log.warn({ err, id: id.toString() }, 'cluster bus message could not be read; it is read at the next catch-up');
    }
  }

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel !== PG_CHANNEL || !n.payload) return;
      try {
        const note = JSON.parse(n.payload) as Notice;
        const id = BigInt(note.i);
        // One chain: messages are delivered in notification order even when a large one is read back.
        inOrder = inOrder.then(() => (note.c !== undefined ? deliver(id, note.c, note.m) : seen.has(id) ? undefined : fetchById(id)));
      } catch (err) {
        log.warn({ err }, 'bad cluster bus notification');
      }
    });
    c.on('error', (err) => {
      log.warn({ err: err.message }, 'cluster bus connection lost; reconnecting');
      if (client === c) scheduleReconnect();
    });
    // A server shutdown may end the connection without an error event: reconnect on any end we did not ask for.
    c.on('end', () => {
      if (client === c && !closed) {
        log.warn('cluster bus connection ended; reconnecting');
        scheduleReconnect();
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${PG_CHANNEL}`);
      client = c;
      await catchUp(pool);
    } catch (err) {
      if (client === c) client = undefined;
      await c.end().catch(() => {});
      throw err;
    }
  }

  function scheduleReconnect(): void {
    client?.end().catch(() => {});
    client = undefined;
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect().catch((err: unknown) => {
        log.warn({ err }, 'cluster bus reconnect failed');
        scheduleReconnect();
      });
    }, opts.reconnectMs ?? 1000);
  }

  const pruneTimer = setInterval(() => {
    pool.query(`DELETE FROM ${TABLE} WHERE created_at < now() - make_interval(secs => $1)`, [RETAIN_S])
      .catch((err: unknown) => log.warn({ err }, 'cluster bus prune failed'));
  }, opts.pruneEveryMs ?? 60_000);
  pruneTimer.unref();

  await connect();

  return {
    async publish(channel, message) {
      const payload = JSON.stringify(message ?? null);
      // One statement: the row and its notification commit together.
      try {
        await pool.query(
        `WITH ins AS (INSERT INTO ${TABLE} (channel, payload) VALUES ($1::text, $2::text) RETURNING id)
         SELECT pg_notify($3::text, CASE WHEN octet_length($2::text) <= $4::int
           THEN json_build_object('i', id::text, 'c', $1::text, 'm', $2::text::json)::text
           ELSE json_build_object('i', id::text)::text END) FROM ins`,
        [channel, payload, PG_CHANNEL, INLINE_MAX],
        );
      } catch (err) {
        // The database is unreachable: the other instances cannot get it now; this one still does.
        log.warn({ err, channel }, 'cluster bus publish failed; delivered on this instance only');
        deliverHere(channel, message);
      }
    },
    subscribe(channel, handler) {
      ee.on(channel, handler);
      return () => ee.off(channel, handler);
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      clearInterval(pruneTimer);
      ee.removeAllListeners();
      await client?.end().catch(() => {});
      client = undefined;
      await pool.end().catch(() => {});
    },
  };
}
