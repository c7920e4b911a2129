/**
 * The snapshot quota through the gateway's upload route: a compound full of pictures keeps its newest
 * (its oldest are evicted; decision and reasons in src/snapshots/media-store.ts), and a picture larger
 * than the whole quota is refused with 413 SNAPSHOT_OVER_QUOTA and words that say what to do.
 */
import { describe, expect, it } from 'vitest';
import { hashPassword } from '@yardguard/firmware-config/node';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

describe('snapshot quota per compound (upload route)', () => {
  it('keeps the newest pictures within the quota and refuses one larger than the quota', async () => {
    const db = await openTestDb();
    await seed(db);
    const { app } = await buildOpsApp(db, { options: { snapshotRetention: { compoundMaxBytes: 30, maxAgeDays: 30 } } });
    await db.insertInto('gateways').values({
      id: 'gw1', compound_id: 'c1', name: null, public_key: 'k', mqtt_username: 'gw1-user', mqtt_password_hash: hashPassword('gw-secret'),
      enrolled_at: new Date().toISOString(), last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null,
      config_version: 0, applied_config_version: 0, agent_version: null, hw_model: null,
    }).execute();
    const put = (id: string, bytes: number, minutesAgo: number) => app.inject({
      method: 'PUT', url: `/api/gateway/snapshots/${id}`, payload: Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(bytes - 4, 7), Buffer.from([0xff, 0xd9])]),
      headers: {
        authorization: `Basic ${Buffer.from('gw1-user:gw-secret').toString('base64')}`, 'content-type': 'image/jpeg', 'x-device-id': 'cam-1',
        'x-taken-at': new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      },
    });
    const big = await put('big', 31, 0);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'SNAPSHOT_OVER_QUOTA' });
    expect(big.json().error.message).toMatch(/quota/);
    for (let i = 0; i < 5; i++) expect((await put(`s${i}`, 10, 50 - i)).statusCode).toBe(201);
    const kept = await db.selectFrom('media').select('id').where('kind', '=', 'snapshot').orderBy('taken_at').execute();
    expect(kept.map((m) => m.id)).toEqual(['gw1.s2', 'gw1.s3', 'gw1.s4']);
  });
});
