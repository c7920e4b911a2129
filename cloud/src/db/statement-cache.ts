/**
 * Kysely's SQLite driver prepares every query anew (`db.prepare(sql)` per execution): compiling the
 * SQL was ~15 % of the cloud's time in a reconnect storm (profiled). The queries are a fixed set of
 * shapes, so the prepared statements are kept by their SQL text (bounded, least recently used out).
 * PRAGMAs are never cached: SQLite applies them while compiling, so a re-run prepared PRAGMA does
 * nothing.
 */
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

const MAX_STATEMENTS = 1000;

export function withStatementCache(db: SqliteDatabase, max = MAX_STATEMENTS): KyselySqliteDatabase & { cached(): number } {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit) {
        // Most recently used last: Map keeps insertion order.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      if (/^\s*pragma\b/i.test(sql)) return stmt;
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return stmt;
    },
    cached: () => cache.size,
  };
}
