/**
 * Ingest under database faults: a failing or unreachable database answers the edge with a retry
 * (never a loss, never a rejection), and ingest resumes by itself when the database is back.
 */
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { sql } from 'kysely';
import pino from 'pino';
import { createPostgresBus } from '../../src/cluster/postgres-bus.js';
import type { BatchAck } from '@yardguard/firmware-config';
import { startPostgres } from '@yardguard/test/servers';
import { dialects, stopPostgres } from '../helpers/dialects.js';
import { connectGatewaySim, type GatewaySim } from '../../src/sim/gateway-sim.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { buildMqttCloud, makeCloud, waitFor, type TestCloud } from '../helpers/cloud.js';

afterAll(stopPostgres);

async function demoGateway(cloud: TestCloud & { mqttUrl: string }): Promise<GatewaySim> {
  const gatewayId = cloud.demo.gateways.small;
  const sim = await connectGatewaySim({
    url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
  });
  onTestFinished(() => sim.close());
  return sim;
}

const countEvents = async (cloud: TestCloud) =>
  Number((await cloud.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe.each(dialects)('ingest when the database fails ($name)', (d) => {
  it('answers a retry naming the good events (not a rejection), stores them once on the resend', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    const events = [gw.event('gate.door_opened', 'gate-main'), gw.event('gate.door_closed', 'gate-main')];
    const bad = { ...gw.event('gate.access_granted', 'gate-main'), data: { method: 'telepathy' } };

    // A real database error: the table the commit writes is gone for a moment.
    await sql`ALTER TABLE events RENAME TO events_away`.execute(cloud.db);
    const nack: BatchAck = await gw.sendBatch([...events, bad]);
    expect(nack.committed).toEqual([]);
    // The poison event is still rejected (decided without the database); the good ones are kept by the edge.
    expect(nack.rejected.map((r) => r.seq)).toEqual([bad.seq]);
    expect(nack.retry?.seqs).toEqual(events.map((e) => e.seq));
    expect(nack.retry?.error).toMatch(/database unavailable/);
    expect(nack.retry?.afterMs).toBeGreaterThan(0);
    expect(cloud.ingest.stats.transientFailures).toBe(1);

    await sql`ALTER TABLE events_away RENAME TO events`.execute(cloud.db);
    const ack = await gw.sendBatch(events);
    expect(ack.committed).toEqual(events.map((e) => e.seq));
    expect(ack.retry).toBeUndefined();
    expect(await countEvents(cloud)).toBe(2);
  });

  it('a failing gateway lookup is a retry too, for every seq in the batch', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    await sql`ALTER TABLE gateways RENAME TO gateways_away`.execute(cloud.db);
    try {
      const e = gw.event('gate.door_opened', 'gate-main');
      const nack = await gw.sendBatch([e]);
      expect(nack).toMatchObject({ committed: [], rejected: [], retry: { seqs: [e.seq] } });
    } finally {
      await sql`ALTER TABLE gateways_away RENAME TO gateways`.execute(cloud.db);
    }
  });
});

describe.each(dialects)('alerts derived from stored events survive failures and restarts ($name)', (d) => {
  it('an alarm stored while raising its alert fails gets its alert exactly once, after a restart and a redelivery', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yg-derive-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = { ...(await d.config()), dataDir, mqtt: { mode: 'embedded' as const, host: '127.0.0.1', port: 0 } };
    const first = await makeCloud(config);
    await first.start();
    const gw = await demoGateway(Object.assign(first, { mqttUrl: `mqtt://127.0.0.1:${first.link.addresses().mqtt}` }));
    const alarm = gw.event('alert.raised', 'gate-main', { key: 'gate-main:forced', kind: 'door_forced', severity: 'critical', title: '东门被强行打开' });

    // Deriving fails after the events committed (the alerts table is unusable for a moment).
    await sql`ALTER TABLE alerts RENAME TO alerts_away`.execute(first.db);
    const ack = await gw.sendBatch([alarm]);
    expect(ack.committed).toEqual([alarm.seq]);
    await waitFor(async () => (await first.db.selectFrom('derive_outbox').select('attempts').where('id', '=', alarm.id).executeTakeFirst())?.attempts, 20_000, 'a failed attempt');
    await gw.close();
    await first.close();

    // Restart on the same database; the edge (not having seen the ack, say) redelivers the batch.
    const reopened = await buildApp({ logger: false, config });
    onTestFinished(() => reopened.close());
    await sql`ALTER TABLE alerts_away RENAME TO alerts`.execute(reopened.db);
    await reopened.start();
    const gw2 = await demoGateway(Object.assign(reopened as unknown as TestCloud, { demo: first.demo, mqttUrl: `mqtt://127.0.0.1:${reopened.link.addresses().mqtt}` }));
    const again = await gw2.sendBatch([alarm]);
    expect(again.committed).toEqual([alarm.seq]);
    const alerts = () => reopened.db.selectFrom('alerts').select(['id', 'cause_event_id', 'count']).where('cause_event_id', '=', alarm.id).execute();
    await waitFor(async () => (await alerts()).length === 1, 30_000, 'the alert raised after the restart');
    for (let i = 0; i < 3; i++) await reopened.ops.tick();
    expect(await alerts()).toEqual([expect.objectContaining({ count: 1 })]);
    expect(await reopened.db.selectFrom('derive_outbox').select('id').execute()).toEqual([]);
    // Its page and its place in the timeline came with it.
    const [a] = await alerts();
    expect(await reopened.db.selectFrom('alert_pages').select('reason').where('alert_id', '=', a!.id).execute()).toEqual([{ reason: 'new' }]);
  });
});

describe.skipIf(!dialects.some((d) => d.name === 'postgres'))('PostgreSQL restarted under a running cloud', () => {
  it('the process survives, batches meanwhile get a retry or no answer, and ingest resumes by itself', async () => {
    const pgServer = await startPostgres({ database: 'yg_restart' });
    onTestFinished(() => pgServer.stop());
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    onTestFinished(() => void process.off('uncaughtException', onUncaught));

    // The cluster bus holds a LISTEN connection of its own: it must come back too.
    const cloud = await buildMqttCloud({ databaseUrl: pgServer.url });
    const gw = await demoGateway(cloud);
    const heard: string[] = [];
    cloud.bus.subscribe('test.ping', (m) => heard.push(String(m)));
    expect((await gw.sendBatch([gw.event('gate.door_opened', 'gate-main')])).committed).toEqual([1]);

    // A transaction in flight when the server goes: its connection is checked out of the pool, between two queries.
    let serverGone!: () => void;
    const gone = new Promise<void>((r) => (serverGone = r));
    const inFlight = cloud.db.transaction().execute(async (trx) => {
      await trx.selectFrom('gateways').select('id').execute();
      await gone;
      await trx.selectFrom('gateways').select('id').execute();
    });
    inFlight.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await pgServer.shutdown();
    serverGone();
    await expect(inFlight).rejects.toThrow();
    // While the database is down: a batch gets a retry (or nothing), never an ack.
    const e = gw.event('gate.door_closed', 'gate-main');
    const answer = await Promise.race([gw.sendBatch([e]), new Promise<null>((r) => setTimeout(() => r(null), 8000))]);
    if (answer) expect(answer).toMatchObject({ committed: [], retry: { seqs: [e.seq] } });
    await pgServer.startAgain();

    // Back up: the next batches are stored without any restart of the cloud (pool reconnects).
    const resend = await waitFor(async () => {
      const a = await gw.sendBatch([gw.event('gate.door_opened', 'gate-main')]);
      return a.committed.length === 1 ? a : null;
    }, 30_000, 'ingest resumes after the restart');
    expect(resend.retry).toBeUndefined();
    // Another instance's message reaches this one: its LISTEN connection came back.
    const other = await createPostgresBus(pgServer.url, pino({ level: 'silent' }));
    onTestFinished(() => other.close());
    await waitFor(async () => {
      await other.publish('test.ping', 'after-restart');
      await new Promise((r) => setTimeout(r, 200));
      return heard.includes('after-restart');
    }, 30_000, 'cluster bus LISTEN reconnected');
    expect(uncaught).toEqual([]);
    expect(gw.client.connected).toBe(true);
  });
});
