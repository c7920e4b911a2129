/**
 * The store suite runs on SQLite and on PostgreSQL: each dialect gives a fresh database per test.
 * PostgreSQL is a real server from test/servers, started once per test file (worker).
 * Set YG_TEST_SKIP_POSTGRES=1 to run SQLite only (e.g. on a machine without PostgreSQL).
 */
import pg from 'pg';
import { startPostgres, type PostgresServer } from '@yardguard/test/servers';
import type { CloudConfig } from '../../src/config.js';

let server: Promise<PostgresServer> | undefined;
let n = 0;

export async function freshPostgresUrl(): Promise<string> {
  server ??= startPostgres();
  const s = await server;
  const name = `yg_${process.pid}_${++n}`;
  const admin = new pg.Client({ connectionString: s.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return s.url.replace(/\/[^/]*$/, `/${name}`);
}

export async function stopPostgres(): Promise<void> {
  if (server) await (await server).stop();
  server = undefined;
}

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  config(): Promise<Partial<CloudConfig>>;
}

export const dialects: DialectCase[] = [
  { name: 'sqlite', config: async () => ({}) },
  ...(process.env.YG_TEST_SKIP_POSTGRES ? [] : [{ name: 'postgres' as const, config: async () => ({ databaseUrl: await freshPostgresUrl() }) }]),
];
