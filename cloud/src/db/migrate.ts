/**
 * Runs every migration in db/migrations/ (`NNN_name.ts|js`, not .d.ts) in name order, so the
 * operations side adds 1xx files without touching this code.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATION_FILE = /^\d{3}_.*\.(ts|js)$/;
const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export class FolderMigrations implements MigrationProvider {
  constructor(private readonly dir: string = migrationsDir) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir))
      .filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.'))
      .sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const name = f.replace(/\.(ts|js)$/, '');
      // A .ts and its compiled .js never sit side by side (src vs dist), but guard anyway.
      if (out[name]) continue;
      out[name] = (await import(pathToFileURL(join(this.dir, f)).href)) as Migration;
    }
    return out;
  }
}

/** Migrate to the latest version; throws with the failing migration's name. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  // Unordered: core (0xx) and operations (1xx) add migrations independently, so a new 0xx may
  // arrive after a 1xx already ran on an existing database.
  const migrator = new Migrator({ db, provider: new FolderMigrations(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const what = failed ? `migration ${failed.migrationName} failed` : 'migration failed';
    throw new Error(`${what}: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
