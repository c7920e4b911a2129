/**
 * The PostgreSQL cluster bus between two instances on a real PostgreSQL: messages larger than a
 * NOTIFY payload (8 kB) arrive whole on both, and nothing published while one instance's LISTEN
 * connection is killed (pg_terminate_backend) is lost: it is read back when that connection returns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { waitFor } from '@yardguard/test/servers';
import { createPostgresBus } from '../../src/cluster/postgres-bus.js';
import type { ClusterBus } from '../../src/cluster/bus.js';
import { freshPostgresUrl, stopPostgres } from '../helpers/dialects.js';

const log = pino({ level: 'silent' });
const open: ClusterBus[] = [];
afterAll(async () => {
  for (const b of open) await b.close();
  await stopPostgres();
});

async function twoInstances(url: string) {
  const a = await createPostgresBus(url, log, { reconnectMs: 100 });
  const b = await createPostgresBus(url, log, { reconnectMs: 100 });
  open.push(a, b);
  const got = { a: [] as unknown[], b: [] as unknown[] };
  a.subscribe('test.ch', (m) => got.a.push(m));
  b.subscribe('test.ch', (m) => got.b.push(m));
  return { a, b, got };
}

describe.skipIf(Boolean(process.env.YG_TEST_SKIP_POSTGRES))('postgres cluster bus', () => {
  it('carries messages far larger than a NOTIFY payload to every instance, in order', async () => {
    const url = await freshPostgresUrl();
    const { a, got } = await twoInstances(url);
    const big = (n: number) => ({ n, blob: 'x'.repeat(20_000 + n), zh: '门被强行打开'.repeat(500) });
    await a.publish('test.ch', { n: 0, small: true });
    for (let n = 1; n <= 5; n++) await a.publish('test.ch', big(n));
    await waitFor(() => got.a.length === 6 && got.b.length === 6, { timeoutMs: 20_000, message: 'six messages on both instances' });
    for (const side of [got.a, got.b]) {
      expect(side[0]).toEqual({ n: 0, small: true });
      expect(side.slice(1)).toEqual([1, 2, 3, 4, 5].map(big));
    }
  });

  it('loses nothing published while a LISTEN connection is killed and reconnects', async () => {
    const url = await freshPostgresUrl();
    const { a, b, got } = await twoInstances(url);
    await a.publish('test.ch', { n: -1 });
    await waitFor(() => got.b.length === 1, { timeoutMs: 20_000, message: 'warm-up message on b' });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Kill every LISTEN backend (both instances' listeners) while both keep publishing.
      const published: number[] = [];
      const publishing = (async () => {
        for (let n = 0; n < 60; n++) {
          await (n % 2 ? b : a).publish('test.ch', { n, pad: n % 10 === 0 ? 'y'.repeat(9000) : '' });
          published.push(n);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await waitFor(() => published.length >= 10, { timeoutMs: 20_000, message: 'publishing started' });
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`);
      expect(killed.rowCount).toBe(2);
      await publishing;
    } finally {
      await admin.end();
    }
    const ns = (xs: unknown[]) => xs.map((m) => (m as { n: number }).n).filter((n) => n >= 0).sort((x, y) => x - y);
    const all = Array.from({ length: 60 }, (_, n) => n);
    await waitFor(() => ns(got.a).length === 60 && ns(got.b).length === 60, { timeoutMs: 30_000, message: 'all 60 on both instances' });
    expect(ns(got.a)).toEqual(all);
    expect(ns(got.b)).toEqual(all);
  });
});
