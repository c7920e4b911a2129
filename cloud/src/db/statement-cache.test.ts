import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('statement cache for Kysely on SQLite', () => {
  it('prepares a query once and reuses it; the oldest goes out past the bound', () => {
    const raw = new Database(':memory:');
    raw.exec('CREATE TABLE t (a)');
    const db = withStatementCache(raw, 2);
    const s1 = db.prepare('INSERT INTO t VALUES (?)');
    s1.run([1]);
    expect(db.prepare('INSERT INTO t VALUES (?)')).toBe(s1);
    db.prepare('SELECT a FROM t');
    db.prepare('SELECT count(*) FROM t');
    expect(db.cached()).toBe(2);
    // The insert was the least recently used: prepared anew.
    expect(db.prepare('INSERT INTO t VALUES (?)')).not.toBe(s1);
    expect(db.prepare('SELECT count(*) FROM t').all([])).toEqual([{ 'count(*)': 1 }]);
  });

  it('never caches a PRAGMA (SQLite applies it while compiling, a re-run would change nothing)', () => {
    const raw = new Database(':memory:');
    const db = withStatementCache(raw);
    db.prepare('PRAGMA cache_size = -1000').run([]);
    db.prepare('PRAGMA cache_size = -2000').run([]);
    db.prepare('PRAGMA cache_size = -1000').run([]);
    expect(raw.pragma('cache_size', { simple: true })).toBe(-1000);
    expect(db.cached()).toBe(0);
  });
});
