/** The agent's timers on a real state database and outbox: status snapshot, health ticks, dead-letter re-send requests. */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId, SCHEMA_VERSION } from '@yardguard/firmware-config';
import { requestResend, RESEND_REQUEST_KEY } from '../cli/dead-letters.js';
import { EventBus } from '../bus.js';
import { silentLogger } from '../log.js';
import { Meta, openStateDb, type Db } from '../state/db.js';
import { Outbox } from '../uplink/outbox.js';
import { tempDir, testSite, waitFor } from '../../test/support/helpers.js';
import { Housekeeping, type HousekeepingOptions } from './housekeeping.js';
import { Presence } from './presence.js';

const log = silentLogger();
let dir: string;
let db: Db;
let outbox: Outbox;
let presence: Presence;
let hk: Housekeeping | undefined;

beforeEach(() => {
  dir = tempDir('yg-hk-');
  db = openStateDb(`${dir}/edge.db`);
  outbox = new Outbox({ db, log, maxBytes: 1 << 30, reserveBytes: 0 });
  presence = new Presence({ site: testSite({ columns: 1 }), db, bus: new EventBus(log), log, emit: async () => undefined, mqttDeviceIds: ['gate-1', 'column-1'], timeoutMs: 50 });
});
afterEach(() => {
  hk?.stop();
  hk = undefined;
  outbox.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(over: Partial<HousekeepingOptions> = {}): HousekeepingOptions {
  const opts: HousekeepingOptions = {
    db, log, outbox, presence: () => presence,
    report: vi.fn(async () => undefined),
    snapshot: () => ({ uplink: 'down', devices: presence.counts() }),
    onDeadLettersResent: vi.fn(),
    healthMs: 3_600_000, presenceCheckMs: 3_600_000, checkMs: 3_600_000,
    ...over,
  };
  hk = new Housekeeping(opts);
  hk.start();
  return opts;
}

const env = () => ({ v: SCHEMA_VERSION, id: newId(), compoundId: 'c1', gatewayId: 'gw-test', deviceId: 'gate-1', occurredAt: new Date().toISOString() });

describe('housekeeping', () => {
  it('writes the status snapshot `status` reads at start, with what the agent reports', () => {
    start();
    const s = JSON.parse(new Meta(db).get('agent_status')!) as { pid: number; uplink: string; devices: { total: number } };
    expect(s.pid).toBe(process.pid);
    expect(s.uplink).toBe('down');
    expect(s.devices.total).toBe(2);
  });

  it('a health tick reports and persists last-seen times; a failing report does not stop the timer', async () => {
    let calls = 0;
    const report = vi.fn(async () => {
      if (++calls === 1) throw new Error('report failed');
    });
    presence.seen('gate-1');
    start({ report, healthMs: 20 });
    await waitFor(() => calls >= 3, { what: 'three health ticks' });
    const row = db.prepare<[string], { last_seen: number | null }>('SELECT last_seen FROM devices WHERE id = ?').get('gate-1');
    expect(row?.last_seen).toBeTypeOf('number');
  });

  it('device heartbeat timeouts are checked on their own timer', async () => {
    const offline: string[] = [];
    presence = new Presence({ site: testSite({ columns: 1 }), db, bus: new EventBus(log), log, emit: async (id, body) => void (body.type === 'device.offline' && offline.push(id)), mqttDeviceIds: ['gate-1'], timeoutMs: 30 });
    presence.seen('gate-1');
    start({ presenceCheckMs: 20 });
    await waitFor(() => offline.includes('gate-1'), { what: 'gate-1 reported offline after its heartbeat timeout' });
  });

  it('queues dead letters again when `dead-letters --resend` asked, once', async () => {
    const r = await outbox.append(env(), { type: 'gate.door_opened', data: {} });
    const seq = r.event.seq;
    outbox.deadLetter([{ seq, error: 'rejected by the cloud' }]);
    expect(outbox.depth).toBe(0);
    expect(requestResend(dir)).toBe(1);
    const opts = start({ checkMs: 20 });
    await waitFor(() => outbox.depth === 1, { what: 'the dead letter back in the outbox' });
    expect(outbox.stats().deadLetters).toBe(0);
    expect(new Meta(db).get(RESEND_REQUEST_KEY)).toBeUndefined();
    await new Promise((res) => setTimeout(res, 100));
    expect(opts.onDeadLettersResent).toHaveBeenCalledTimes(1);
  });
});
