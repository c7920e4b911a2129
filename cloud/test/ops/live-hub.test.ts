import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '@yardguard/test/servers';
import type { LiveMessage } from '@yardguard/firmware-config';
import { createLocalBus } from '../../src/cluster/bus.js';
import { stopPostgres } from '../helpers/dialects.js';
import { createLiveHub, LIVE_CHANNEL } from '../../src/live/hub.js';
import { appendLive } from '../../src/live/stream.js';
import { openTestDb, opsDialects, seed } from './db.js';

const body = (compoundId: string, n: number) => ({ type: 'alert.update' as const, compoundId, at: new Date().toISOString(), incidentId: `i${n}` });

afterAll(stopPostgres);

describe('live hub ordering', () => {
  it('a message that reaches this instance late (or never) is caught up from the table, in order, once', async () => {
    const db = await openTestDb();
    await seed(db);
    const bus = createLocalBus();
    const hub = await createLiveHub({ db, bus, log: pino({ level: 'silent' }) });
    const got: LiveMessage[] = [];
    const detach = hub.attach({ send: (m) => got.push(m) }, { kind: 'staff', compounds: ['c1'] }, null);
    await waitFor(() => got.find((m) => m.type === 'hello'));

    // Another instance committed 1 (c1), 2 (c2), 3 (c1); only 3 arrives on the bus, then 1 late.
    const m1 = await appendLive(db, body('c1', 1));
    await appendLive(db, body('c2', 2));
    const m3 = await appendLive(db, body('c1', 3));
    await bus.publish(LIVE_CHANNEL, m3);
    await waitFor(() => got.length === 3);
    await bus.publish(LIVE_CHANNEL, m1); // late duplicate: dropped
    await hub.publish(body('c1', 4));
    await waitFor(() => got.length === 4);
    expect(got.slice(1).map((m) => m.incidentId)).toEqual(['i1', 'i3', 'i4']);
    expect(hub.connections()).toBe(1);
    detach();
    expect(hub.connections()).toBe(0);
    hub.close();
  });

  it.each(opsDialects)('$name: a message addressed to a resident reaches only that resident, live, after a gap and on resume; staff never see it', async (dialect) => {
    const db = await openTestDb(await dialect.url());
    await seed(db);
    const bus = createLocalBus();
    const hub = await createLiveHub({ db, bus, log: pino({ level: 'silent' }) });
    const at = () => new Date().toISOString();
    const forUser = (userId: string, compoundId: string, n: number) => ({ type: 'work_order.update' as const, compoundId, userId, at: at(), incidentId: `w${n}` });
    const seen: Record<string, LiveMessage[]> = { r1: [], r3: [], r2: [], staff: [] };
    const audiences = {
      r1: { kind: 'resident', userId: 'r1', compounds: ['c1'] },
      r3: { kind: 'resident', userId: 'r3', compounds: ['c1'] },
      r2: { kind: 'resident', userId: 'r2', compounds: ['c2'] },
      staff: { kind: 'staff', compounds: 'all' },
    } as const;
    for (const [who, audience] of Object.entries(audiences)) hub.attach({ send: (m) => seen[who]!.push(m) }, audience, null);
    await waitFor(() => Object.values(seen).every((l) => l.some((m) => m.type === 'hello')));

    await hub.publish(forUser('r1', 'c1', 1));
    await hub.publish(body('c1', 2)); // an alert-side message: staff only
    // Another instance committed 3 (r3), 4 (r1); only 4 reaches this one: r1 catches up from the table, r3's row stays r3's.
    await appendLive(db, forUser('r3', 'c1', 3));
    const m4 = await appendLive(db, forUser('r1', 'c1', 4));
    await bus.publish(LIVE_CHANNEL, m4);
    // Addressed to r1 but in a compound r1 is not in: default deny.
    await hub.publish(forUser('r1', 'c2', 5));
    await hub.publish(body('c1', 6));
    await waitFor(() => seen.staff!.filter((m) => m.type !== 'hello').length === 2);
    await waitFor(() => seen.r1!.filter((m) => m.type !== 'hello').length === 2);
    const ids = (who: string) => seen[who]!.filter((m) => m.type !== 'hello').map((m) => m.incidentId);
    expect(ids('r1')).toEqual(['w1', 'w4']);
    expect(seen.r1!.filter((m) => m.type !== 'hello').every((m) => m.userId === 'r1')).toBe(true);
    expect(ids('staff')).toEqual(['i2', 'i6']);
    expect(ids('r2')).toEqual([]);
    expect(ids('r3')).toEqual([]); // r3's row 3 was never on the bus; it is r3's on resume

    // Resume from the start: each sees exactly its own rows.
    const replay = async (audience: (typeof audiences)[keyof typeof audiences]) => {
      const got: LiveMessage[] = [];
      const detach = hub.attach({ send: (m) => got.push(m) }, audience, 0);
      await waitFor(() => got.some((m) => m.type === 'hello'));
      detach();
      return got.filter((m) => m.type !== 'hello').map((m) => m.incidentId);
    };
    expect(await replay(audiences.r1)).toEqual(['w1', 'w4']);
    expect(await replay(audiences.r3)).toEqual(['w3']);
    expect(await replay(audiences.r2)).toEqual([]);
    expect(await replay(audiences.staff)).toEqual(['i2', 'i6']);
    hub.close();
  });
});
