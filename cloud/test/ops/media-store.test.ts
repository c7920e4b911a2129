import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMediaStore } from '../../src/snapshots/media-store.js';
import { openTestDb, seed } from './db.js';
// fixed-dates-ok: the store gets `now` injected; file ages are relative to it.

describe('snapshot store retention', () => {
  it('drops snapshots older than maxAgeDays, then the oldest until under maxBytes; photos are kept; re-upload is idempotent', async () => {
    const db = await openTestDb();
    await seed(db);
    const root = mkdtempSync(join(tmpdir(), 'yg-media-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const store = createMediaStore({ db, root, limits: { maxBytes: 3000, maxAgeDays: 7 }, log: pino({ level: 'silent' }) });
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
});
