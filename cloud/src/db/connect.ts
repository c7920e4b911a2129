/**
 * Opens the database: SQLite (better-sqlite3, WAL) by default, PostgreSQL when a postgres:// URL
 * is given. Both behind one Kysely<Database>; `dialect` lets the few dialect-specific spots choose.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Logger } from 'pino';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { WalSync } from '@yardguard/firmware-config/node';
import type { Database } from './database.js';
import type { SqliteHandle } from '../ingest/store-sqlite.js';
import { withStatementCache } from './statement-cache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** SQLite only: the raw handle for the ingest fast path (see ingest/store-sqlite.ts). */
  sqlite?: SqliteHandle;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (bigint, count(*)) as strings; our values (seq numbers, counts) fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

export interface OpenDbOptions {
  /** `postgres://...` for PostgreSQL; otherwise a SQLite file path (or ':memory:'). */
  url: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Where PostgreSQL connection errors are logged (a restart of the server is survived, not thrown). */
  log?: Logger;
}

export function openDb(opts: OpenDbOptions): DbHandle {
  if (isPostgresUrl(opts.url)) {
    const pool = new pg.Pool({
      connectionString: opts.url, max: opts.poolSize ?? 10,
      // A database that is down or frozen fails a query in bounded time (ingest answers "retry")
      // instead of queueing every batch behind a connect that never returns.
      connectionTimeoutMillis: 10_000, query_timeout: 30_000,
    });
    // An idle client's connection dropping (server restart, failover) is emitted on the pool; without
    // a listener it is an uncaught 'error' that kills the process. The pool drops that client and
    // opens a new one on the next query, so logging is all there is to do.
    pool.on('error', (err) => opts.log?.warn({ err: err.message }, 'PostgreSQL connection lost; reconnecting on next use'));
    // A client checked out between two queries of a transaction has no pool listener: its connection
    // dropping would be an uncaught 'error' too. Its next query fails (the transaction rolls back, ingest
    // answers "retry") and the pool discards it on release.
    pool.on('connect', (client) => {
      client.on('error', (err) => opts.log?.warn({ err: err.message }, 'PostgreSQL connection lost during a transaction'));
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (opts.url !== ':memory:') mkdirSync(dirname(opts.url), { recursive: true });
  const sqlite = new SQLite(opts.url);
  // WAL: readers do not block the writer; NORMAL sync is durable across process crashes (not power cuts
  // of the host, which the edge's own outbox covers by resending until acked).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // Holding Kysely's single connection means no Kysely query or transaction runs meanwhile.
  const withConnection = <T>(fn: () => T): Promise<T> => db.connection().execute(async () => fn());
  // Ingest commits sync the WAL in libuv's thread pool, not inside COMMIT on the event loop (see
  // WalSync). Auto-checkpoint is then off, so the checkpoints run here, once a second, holding the
  // connection (a Kysely transaction may be open across event-loop turns), at WalSync's own period.
  const wal = new WalSync(sqlite, { level: 'NORMAL', checkpointAfterSync: false });
  const checkpoints = setInterval(() => {
    void withConnection(() => wal.noteWrite()).catch((err: unknown) => opts.log?.warn({ err: (err as Error).message }, 'WAL checkpoint failed; trying again in a second'));
  }, wal.checkpointEveryMs);
  checkpoints.unref();
  const handle: SqliteHandle = { raw: sqlite, wal, withConnection };
  return {
    db,
    dialect: 'sqlite',
    sqlite: handle,
    async close() {
      clearInterval(checkpoints);
      wal.close();
      await db.destroy();
    },
  };
}
