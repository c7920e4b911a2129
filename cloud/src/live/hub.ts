/**
 * Live push to consoles. publish(): append to live_events (the id), then fan out through the
 * cluster bus so every instance delivers it to its own connections. attach(): register a
 * connection, replay what it missed since `since`, send `hello`, then stream. Per connection,
 * sends are serialised and de-duplicated by id; when the bus shows a gap in ids (a message that
 * reached this instance late), the connection catches up from the table first, so order holds.
 * Each connection gets only what its audience may see (stream.ts `visibleTo`), live and in replay.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { LiveMessage } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { ClusterBus } from '../cluster/bus.js';
import { appendLive, latestLiveId, readSince, visibleTo, type LiveAudience, type LiveBody } from './stream.js';

export const LIVE_CHANNEL = 'ops.live';

export interface LiveSink {
  send(message: LiveMessage): void;
}

interface Conn {
  sink: LiveSink;
  audience: LiveAudience;
  lastId: number;
  chain: Promise<void>;
}

export interface LiveHub {
  publish(body: LiveBody): Promise<LiveMessage>;
  /** Returns detach(). */
  attach(sink: LiveSink, audience: LiveAudience, since: number | null): () => void;
  connections(): number;
  close(): void;
}

export async function createLiveHub(opts: { db: Kysely<Database>; bus: ClusterBus; log: Logger }): Promise<LiveHub> {
  const { db, bus, log } = opts;
  const conns = new Set<Conn>();
  let hubLastId = await latestLiveId(db);

  const send = (c: Conn, m: LiveMessage) => {
    if (m.id <= c.lastId) return;
    c.lastId = m.id;
    c.sink.send(m);
  };
  const enqueue = (c: Conn, job: () => Promise<void>) => {
    c.chain = c.chain.then(job).catch((err: unknown) => log.warn({ err }, 'live delivery failed'));
  };

  const unsubscribe = bus.subscribe(LIVE_CHANNEL, (raw) => {
    const m = raw as LiveMessage;
    if (typeof m?.id !== 'number') return;
    const gap = m.id > hubLastId + 1;
    hubLastId = Math.max(hubLastId, m.id);
    for (const c of conns) {
      if (!visibleTo(c.audience, m)) continue;
      enqueue(c, async () => {
        if (gap && m.id > c.lastId + 1) for (const missed of await readSince(db, c.audience, c.lastId, 1000, m.id - 1)) send(c, missed);
        send(c, m);
      });
    }
  });

  return {
    async publish(body) {
      const m = await appendLive(db, body);
      await bus.publish(LIVE_CHANNEL, m);
      return m;
    },
    attach(sink, audience, since) {
      const c: Conn = { sink, audience, lastId: since ?? hubLastId, chain: Promise.resolve() };
      // Registered before the replay query: anything published meanwhile queues behind the replay.
      conns.add(c);
      enqueue(c, async () => {
        if (since !== null) {
          // A cursor from the future (the database was reset): start from the present instead.
          const latest = await latestLiveId(db);
          if (c.lastId > latest) c.lastId = latest;
          for (;;) {
            const batch = await readSince(db, audience, c.lastId, 1000);
            for (const m of batch) send(c, m);
            if (batch.length < 1000) break;
          }
        }
        c.sink.send({ id: c.lastId, type: 'hello', compoundId: null, at: new Date().toISOString() });
      });
      return () => conns.delete(c);
    },
    connections: () => conns.size,
    close() {
      unsubscribe();
      conns.clear();
    },
  };
}
