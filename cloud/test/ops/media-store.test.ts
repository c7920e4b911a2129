import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMediaStore } from '../../src/snapshots/media-store.js';
import { openTestDb, seed } from './db.js';
// fixed-dates-ok: the store gets `now` injected; file ages are relative to it.

describe('snapshot store retention', () => {
  it('drops snapshots older than maxAgeDays, then the compound\'s oldest until under its quota; photos are kept; re-upload is idempotent', async () => {
    const db = await openTestDb();
    await seed(db);
    const root = mkdtempSync(join(tmpdir(), 'yg-media-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const store = createMediaStore({ db, root, limits: { compoundMaxBytes: 3000, maxAgeDays: 7 }, log: pino({ level: 'silent' }) });
    const day = 86_400_000;
    const now = Date.parse('2026-03-10T00:00:00.000Z');
    const snap = (id: string, takenAtMs: number, bytes = 1000) =>
      store.save({ id, compoundId: 'c1', kind: 'snapshot', gatewayId: 'gw1', deviceId: 'gw1.cam', contentType: 'image/jpeg', data: Buffer.alloc(bytes, 1), takenAtMs }, now);
    const photo = await store.save({ compoundId: 'c1', kind: 'photo', contentType: 'image/png', data: Buffer.alloc(5000, 2), takenAtMs: now - 30 * day }, now);
    const old = await snap('gw1.old', now - 8 * day);
    expect(existsSync(store.pathOf(old))).toBe(false); // older than 7 days: removed at once
    await snap('gw1.a', now - 3 * day);
    await snap('gw1.b', now - 2 * day);
    const again = await snap('gw1.b', now - 2 * day, 10); // gateway retry: same row
    expect(again.bytes).toBe(1000);
    await snap('gw1.c', now - 1 * day);
    await snap('gw1.d', now); // 4000 bytes > 3000: the oldest (a) goes
    const left = await db.selectFrom('media').select(['id', 'kind']).orderBy('taken_at').execute();
    expect(left.map((m) => m.id)).toEqual([photo.id, 'gw1.b', 'gw1.c', 'gw1.d']);
    expect(existsSync(store.pathOf(photo))).toBe(true);
    expect(await store.enforceRetention(now + 6 * day + 1)).toBe(2); // b and c now older than 7 days
  });

  it('one compound filling its quota never evicts another compound\'s evidence; its own oldest go first', async () => {
    const db = await openTestDb();
    await seed(db);
    const root = mkdtempSync(join(tmpdir(), 'yg-media-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const store = createMediaStore({ db, root, limits: { compoundMaxBytes: 3000, maxAgeDays: 7 }, log: pino({ level: 'silent' }) });
    const now = Date.parse('2026-03-10T00:00:00.000Z');
    const snap = (compoundId: string, id: string, minutesAgo: number) =>
      store.save({ id, compoundId, kind: 'snapshot', gatewayId: `gw-${compoundId}`, contentType: 'image/jpeg', data: Buffer.alloc(1000, 1), takenAtMs: now - minutesAgo * 60_000 }, now);
    // c1's evidence is older than anything c2 sends.
    for (const [i, m] of [[1, 300], [2, 290], [3, 280]] as const) await snap('c1', `c1.s${i}`, m);
    // A busy (or hostile) gateway in c2 sends twenty pictures.
    for (let i = 0; i < 20; i++) await snap('c2', `c2.s${i}`, 100 - i);
    const left = async (c: string) => (await db.selectFrom('media').select('id').where('compound_id', '=', c).orderBy('taken_at').execute()).map((m) => m.id);
    expect(await left('c1')).toEqual(['c1.s1', 'c1.s2', 'c1.s3']);
    expect(await left('c2')).toEqual(['c2.s17', 'c2.s18', 'c2.s19']);
    // c1's own next picture evicts c1's oldest, and only that.
    await snap('c1', 'c1.s4', 0);
    expect(await left('c1')).toEqual(['c1.s2', 'c1.s3', 'c1.s4']);
    expect(await left('c2')).toHaveLength(3);
    expect(await store.enforceRetention(now)).toBe(0);
  });
});
