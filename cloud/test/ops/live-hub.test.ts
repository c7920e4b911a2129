import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@yardguard/test/servers';
import type { LiveMessage } from '@yardguard/firmware-config';
import { createLocalBus } from '../../src/cluster/bus.js';
import { createLiveHub, LIVE_CHANNEL } from '../../src/live/hub.js';
import { appendLive } from '../../src/live/stream.js';
import { openTestDb, seed } from './db.js';

const body = (compoundId: string, n: number) => ({ type: 'alert.update' as const, compoundId, at: new Date().toISOString(), incidentId: `i${n}` });

describe('live hub ordering', () => {
  it('a message that reaches this instance late (or never) is caught up from the table, in order, once', async () => {
    const db = await openTestDb();
    await seed(db);
    const bus = createLocalBus();
    const hub = await createLiveHub({ db, bus, log: pino({ level: 'silent' }) });
    const got: LiveMessage[] = [];
    const detach = hub.attach({ send: (m) => got.push(m) }, ['c1'], null);
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
});
