/**
 * ClusterBus over PostgreSQL LISTEN/NOTIFY: every instance on the same database receives every
 * message (gate-open results, live pushes), whichever instance got it from the broker.
 * NOTIFY payloads are limited to ~8000 bytes: larger messages are delivered locally only and logged.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ClusterBus } from './bus.js';

const PG_CHANNEL = 'yg_cluster_bus';
const MAX_PAYLOAD = 7900;

interface Envelope {
  c: string;
  m: unknown;
}

export async function createPostgresBus(url: string, log: Logger): Promise<ClusterBus> {
  const ee = new EventEmitter();
  ee.setMaxListeners(0);
  let client: pg.Client | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const deliver = (env: Envelope) => {
    for (const h of ee.listeners(env.c)) {
      try {
        (h as (m: unknown) => void)(env.m);
      } catch (err) {
        log.error({ err, channel: env.c }, 'cluster bus listener failed');
      }
    }
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel !== PG_CHANNEL || !n.payload) return;
      try {
        deliver(JSON.parse(n.payload) as Envelope);
      } catch (err) {
        log.warn({ err }, 'bad cluster bus payload');
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
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    client = c;
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
    }, 1000);
  }

  await connect();

  return {
    async publish(channel, message) {
      const payload = JSON.stringify({ c: channel, m: message } satisfies Envelope);
      if (Buffer.byteLength(payload) > MAX_PAYLOAD || !client) {
        if (client) log.warn({ channel, bytes: Buffer.byteLength(payload) }, 'cluster message too large for NOTIFY; delivered on this instance only');
        deliver({ c: channel, m: message });
        return;
      }
      try {
        await client.query('SELECT pg_notify($1, $2)', [PG_CHANNEL, payload]);
      } catch (err) {
        // The LISTEN connection is being replaced: this instance still gets the message.
        log.warn({ err, channel }, 'cluster NOTIFY failed; delivered on this instance only');
        deliver({ c: channel, m: message });
      }
    },
    subscribe(channel, handler) {
      ee.on(channel, handler);
      return () => ee.off(channel, handler);
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      ee.removeAllListeners();
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
