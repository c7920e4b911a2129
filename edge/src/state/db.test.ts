import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStateDb, PAGE_CACHE_KIB } from './db.js';

describe('openStateDb', () => {
  it("caps SQLite's page cache below better-sqlite3's 16 MiB default (part of the agent's RSS)", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yg-db-')), 'state.db');
    const plain = new Database(':memory:');
    expect(plain.pragma('cache_size', { simple: true })).toBe(-16000);
    plain.close();
    const db = openStateDb(file);
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(PAGE_CACHE_KIB).toBeLessThan(16000);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
