import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { event as eventSchema, exampleEventData, laneOf, newId, SCHEMA_VERSION, type EventBody } from '@yardguard/firmware-config';
import { openStateDb } from '../state/db.js';
import { silentLogger } from '../log.js';
import { Outbox, stampEvent, type EventEnvelope } from './outbox.js';

const env = (id = newId()): EventEnvelope => ({ v: SCHEMA_VERSION, id, compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', occurredAt: new Date().toISOString() });
const opened: EventBody = { type: 'gate.door_opened', data: {} };
const forced: EventBody = { type: 'gate.forced_open', data: {} };
const motion: EventBody = { type: 'camera.motion', data: { active: true, source: 'x'.repeat(100) } };

function fresh(maxBytes = 1 << 30, file = join(mkdtempSync(join(tmpdir(), 'yg-outbox-')), 'state.db'), maxDeadLetters?: number) {
  const db = openStateDb(file);
  return { db, file, outbox: new Outbox({ db, log: silentLogger(), maxBytes, maxDeadLetters }) };
}

describe('outbox', () => {
  it('stamps every example event as { ...env, ...body, seq } would, keys in the same order', async () => {
    const { outbox } = fresh();
    for (const [type, data] of Object.entries(exampleEventData)) {
      const e = env();
      const body = { type, data } as EventBody;
      const spread = { ...e, ...body, seq: 7 };
      expect(JSON.stringify(stampEvent(e, body, 7))).toBe(JSON.stringify(spread));
      const r = await outbox.append(e, body);
      expect(r.status).toBe('stored');
      expect(eventSchema.safeParse(r.event).success, type).toBe(true);
      const [row] = outbox.readLane(laneOf(body.type), r.event.seq - 1, 1);
      expect(row?.body).toBe(JSON.stringify({ ...e, ...body, seq: r.event.seq }));
      expect(row?.bodyBytes).toBe(Buffer.byteLength(row!.body));
    }
    // Multi-byte text (a Chinese title) counts in UTF-8 bytes, as the batch size limit does.
    const alert = await outbox.append(env(), { type: 'alert.raised', data: { key: 'k', severity: 'critical', title: '门被强行打开' } } as EventBody);
    const [row] = outbox.readLane('alarm', alert.event.seq - 1, 1);
    expect(row?.bodyBytes).toBe(Buffer.byteLength(row!.body));
    expect(row!.bodyBytes).toBeGreaterThan(row!.body.length);
  });

  it('group-commits appends from one turn into one transaction and numbers them in order', async () => {
    const { outbox } = fresh();
    const results = await Promise.all(Array.from({ length: 50 }, () => outbox.append(env(), opened)));
    expect(results.map((r) => r.event.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(outbox.stats().commits).toBe(1);
    expect(outbox.depth).toBe(50);
  });

  it('hands each committed event to onCommitted before the fsync, and resolves only after it', async () => {
    const { outbox } = fresh();
    const order: string[] = [];
    const id = newId();
    const stored = outbox.append(env(id), forced, (r) => order.push(`committed ${r.status} ${r.event.seq}`));
    const again = outbox.append(env(id), forced, (r) => order.push(`committed ${r.status} ${r.event.seq}`));
    void stored.then((r) => order.push(`durable ${r.status}`));
    void again.then((r) => order.push(`durable ${r.status}`));
    await Promise.all([stored, again]);
    expect(order).toEqual(['committed stored 1', 'committed duplicate 1', 'durable stored', 'durable duplicate']);
  });

  it('absorbs a resent event id without a second row or a gap in seq', async () => {
    const { outbox } = fresh();
    const id = newId();
    const [a, b] = await Promise.all([outbox.append(env(id), opened), outbox.append(env(id), opened)]);
    const c = await outbox.append(env(), opened);
    expect(a!.status).toBe('stored');
    expect(b!.status).toBe('duplicate');
    expect(b!.event.seq).toBe(a!.event.seq);
    expect(c.event.seq).toBe(a!.event.seq + 1);
    outbox.ack([a!.event.seq]);
    expect((await outbox.append(env(id), opened)).status).toBe('duplicate');
    expect(outbox.depth).toBe(1);
  });

  it('persists the sequence across restarts and never reuses one, even after acks emptied it', async () => {
    const { db, outbox, file } = fresh();
    const r = await Promise.all([outbox.append(env(), opened), outbox.append(env(), opened)]);
    outbox.ack(r.map((x) => x.event.seq));
    outbox.close();
    db.close();
    const again = fresh(1 << 30, file);
    expect((await again.outbox.append(env(), opened)).event.seq).toBe(3);
  });

  it('reads lanes separately so alarms can go first', async () => {
    const { outbox } = fresh();
    await Promise.all([outbox.append(env(), opened), outbox.append(env(), motion), outbox.append(env(), forced)]);
    expect(outbox.readLane('alarm', 0, 10).map((r) => r.seq)).toEqual([3]);
    expect(outbox.readLane('normal', 0, 10).map((r) => r.seq)).toEqual([1]);
    expect(outbox.readLane('telemetry', 0, 10).map((r) => r.seq)).toEqual([2]);
    expect(outbox.readLane('normal', 1, 10)).toEqual([]);
  });

  it('at the disk cap evicts only telemetry: routine events are refused, alarms stored over the cap, drops counted', async () => {
    const { outbox, db } = fresh(4000);
    for (let i = 0; i < 10; i++) await outbox.append(env(), motion);
    for (let i = 0; i < 5; i++) await outbox.append(env(), opened);
    const s1 = outbox.stats();
    expect(s1.dropped.telemetry).toBeGreaterThan(0);
    expect(s1.bytes).toBeLessThanOrEqual(4000);
    const normalBefore = s1.byLane.normal;
    expect(normalBefore).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) await outbox.append(env(), forced);
    const s2 = outbox.stats();
    // Alarms take telemetry's room and are otherwise stored over the cap; no stored routine event goes.
    expect(s2.byLane.alarm).toBe(20);
    expect(s2.byLane.telemetry).toBe(0);
    expect(s2.byLane.normal).toBe(normalBefore);
    expect(s2.dropped.alarm).toBe(0);
    expect(s2.bytes).toBeGreaterThan(4000);
    // Over the cap: a new routine event is refused, not an alarm or a stored event evicted.
    const droppedNormal = s2.dropped.normal;
    expect((await outbox.append(env(), opened)).status).toBe('dropped');
    expect(outbox.stats().dropped.normal).toBe(droppedNormal + 1);
    expect(outbox.stats().byLane.alarm).toBe(20);
    expect(outbox.stats().byLane.normal).toBe(normalBefore);
    // The in-memory counts agree with the table after evictions, acks and dead letters.
    const seqs = outbox.readLane('alarm', 0, 5).map((r) => r.seq);
    outbox.ack(seqs.slice(0, 2));
    outbox.deadLetter([{ seq: seqs[2]!, error: 'x' }]);
    const rows = db.prepare('SELECT lane, count(*) AS n, sum(bytes) AS b FROM outbox GROUP BY lane').all() as { lane: number; n: number; b: number }[];
    expect(outbox.stats().byLane).toEqual({ alarm: rows.find((r) => r.lane === 0)?.n ?? 0, normal: rows.find((r) => r.lane === 1)?.n ?? 0, telemetry: rows.find((r) => r.lane === 2)?.n ?? 0 });
    expect(outbox.stats().bytes).toBe(rows.reduce((a, r) => a + r.b, 0));
    expect(outbox.depth).toBe(20 + normalBefore - 3);
  });

  it('at the disk cap refuses a new routine event instead of evicting one already acknowledged as stored', async () => {
    const { outbox } = fresh(4000);
    const stored: number[] = [];
    let refused: unknown;
    for (let i = 0; i < 200 && !refused; i++) {
      const r = await outbox.append(env(), opened);
      if (r.status === 'stored') stored.push(r.event.seq);
      else refused = r;
    }
    expect(refused).toMatchObject({ status: 'dropped', reason: 'disk_cap' });
    expect(stored.length).toBeGreaterThan(2);
    // Every event the device was told is stored is still queued, in order.
    expect(outbox.readLane('normal', 0, 100).map((r) => r.seq)).toEqual(stored);
    // Room again after the cloud's ack: the device's resend is stored.
    outbox.ack(stored.slice(0, 2));
    expect((await outbox.append(env(), opened)).status).toBe('stored');
  });

  it('dead-letters rejected events without blocking the rest; nothing else ever dead-letters', async () => {
    const { outbox, db } = fresh();
    const r = await Promise.all([1, 2, 3].map(() => outbox.append(env(), opened)));
    const [a, b, c] = r.map((x) => x.event.seq) as [number, number, number];
    outbox.deadLetter([{ seq: a, error: 'schema' }]);
    expect(outbox.readLane('normal', 0, 10).map((x) => x.seq)).toEqual([b, c]);
    const dead = db.prepare('SELECT seq, error FROM dead_letter ORDER BY seq').all() as { seq: number; error: string }[];
    expect(dead.map((d) => d.seq)).toEqual([a]);
    expect(dead[0]!.error).toBe('schema');
    expect(outbox.stats().deadLetters).toBe(1);
    expect('recordAttempt' in outbox).toBe(false);
  });

  it('sends only durable rows: a committed row is not readable before its fdatasync', async () => {
    const { outbox } = fresh();
    let seenBeforeSync: number[] | undefined;
    const r = await outbox.append(env(), forced, (c) => {
      seenBeforeSync = outbox.readLane('alarm', 0, 10).map((x) => x.seq);
      expect(c.status).toBe('stored');
    });
    expect(seenBeforeSync).toEqual([]);
    expect(outbox.readLane('alarm', 0, 10).map((x) => x.seq)).toEqual([r.event.seq]);
  });

  it('caps the dead-letter table (oldest go first) and re-sends dead letters with their own seq', async () => {
    const { outbox, db } = fresh(1 << 30, undefined, 3);
    const r = await Promise.all([1, 2, 3, 4, 5].map((i) => outbox.append(env(), i === 5 ? forced : opened)));
    const seqs = r.map((x) => x.event.seq);
    outbox.deadLetter(seqs.map((seq) => ({ seq, error: 'rejected by test' })));
    expect(outbox.stats().deadLetters).toBe(3);
    expect(outbox.stats().deadLettersDropped).toBe(2);
    expect(outbox.listDeadLetters().map((d) => d.seq)).toEqual(seqs.slice(2));
    expect(outbox.depth).toBe(0);
    expect(outbox.resendDeadLetters()).toBe(3);
    expect(outbox.stats().deadLetters).toBe(0);
    expect(outbox.readLane('normal', 0, 10).map((x) => x.seq)).toEqual(seqs.slice(2, 4));
    expect(outbox.readLane('alarm', 0, 10).map((x) => x.seq)).toEqual([seqs[4]]);
    expect((db.prepare('SELECT count(*) n FROM dead_letter').get() as { n: number }).n).toBe(0);
    // A new event still gets a fresh number.
    expect((await outbox.append(env(), opened)).event.seq).toBe(seqs[4]! + 1);
  });

  it('commits an ack (deletes + the caller\'s write) as one transaction with no fsync on the event loop', async () => {
    const { db, outbox } = fresh();
    const r = await Promise.all([outbox.append(env(), opened), outbox.append(env(), forced), outbox.append(env(), motion)]);
    const seqs = r.map((x) => x.event.seq);
    let syncInAck = -1;
    const removed = outbox.ack(seqs.slice(0, 2), () => {
      syncInAck = db.pragma('synchronous', { simple: true }) as number;
      db.prepare("INSERT INTO meta (key, value) VALUES ('last_acked_seq', ?)").run(String(seqs[1]));
    });
    expect(removed).toBe(2);
    // synchronous=OFF inside the ack's commit (0); FULL (2) again for everything else.
    expect(syncInAck).toBe(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // Committed together: another connection (as after kill -9) sees both the deletes and the write.
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare('SELECT seq FROM outbox ORDER BY seq').all()).toEqual([{ seq: seqs[2] }]);
    expect(other.prepare("SELECT value FROM meta WHERE key = 'last_acked_seq'").get()).toEqual({ value: String(seqs[1]) });
    other.close();
    expect(outbox.depth).toBe(1);
    expect(outbox.stats().byLane).toEqual({ alarm: 0, normal: 0, telemetry: 1 });
  });

  it('a failed ack deletes nothing and leaves the counts as they were', async () => {
    const { outbox } = fresh();
    const r = await Promise.all([outbox.append(env(), opened), outbox.append(env(), forced)]);
    const seqs = r.map((x) => x.event.seq);
    const counts = () => { const s = outbox.stats(); return { depth: s.depth, bytes: s.bytes, byLane: s.byLane }; };
    const before = counts();
    expect(() => outbox.ack(seqs, () => { throw new Error('meta write failed'); })).toThrow('meta write failed');
    expect(counts()).toEqual(before);
    expect(outbox.readLane('normal', 0, 10).map((x) => x.seq)).toEqual([seqs[0]]);
    expect(outbox.ack(seqs)).toBe(2);
    expect(outbox.depth).toBe(0);
    expect(outbox.stats().bytes).toBe(0);
  });
});
