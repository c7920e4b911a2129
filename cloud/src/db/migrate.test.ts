import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './connect.js';
import { FolderMigrations, migrateToLatest } from './migrate.js';

describe('migrations', () => {
  it('loads NNN_*.ts files in name order and a core migration added after an operations one still runs', async () => {
    const names = Object.keys(await new FolderMigrations().getMigrations());
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names).toEqual([...names].sort());
    expect(names.every((n) => /^\d{3}_/.test(n))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'yg-mig-'));
    try {
      const { db, close } = openDb({ url: join(dir, 'a.db') });
      expect(await migrateToLatest(db)).toEqual(names);
      // Simulate a database that ran everything but 002 (added later by the core).
      await db.schema.alterTable('gateways').dropColumn('revoked_at').execute();
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '002_gateway_revocation' as never).execute();
      expect(await migrateToLatest(db)).toEqual(['002_gateway_revocation']);
      await close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
