/**
 * The MQTT tier as a cluster (issue 13): three nats-server nodes (MQTT for the gateways, JetStream
 * replicated on all three), PostgreSQL, and two real cloud processes sharing the gateways' uplink
 * through a NATS queue group. Gateways are spread over the nodes and send batches with alarms; midway
 * one broker node and one cloud instance are killed with SIGKILL. Then: every event is stored once,
 * every alarm raised one alert (count 1), and every gate open through the surviving instance's HTTP
 * API is answered, including to a gateway that was on the killed node and moved to another one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connectGatewaySim, type GatewaySim } from '@yardguard/cloud';
import { freePort, startNatsCluster, startPostgres, type NatsCluster, type PostgresServer } from '../servers/index.js';
import { repoRoot } from '../e2e/helpers/paths.js';
import { ChildService } from './helpers/processes.js';

const CLOUD_MAIN = join(repoRoot, 'cloud', 'dist', 'main.js');
const GROUP = 'yg-cluster';
const BATCHES_BEFORE = 4;
const BATCHES_AFTER = 6;
const EVENTS_PER_BATCH = 10;
const ACK_WAIT_MS = 4000;
const MAX_ATTEMPTS = 20;
const GATE_OPENS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
});

/** The node list for one client, its home node first: mqtt.js moves to the next one on each reconnect. */
function rotated<T>(list: T[], first: number): T[] {
  return [...list.slice(first), ...list.slice(0, first)];
}

function cloudInstance(o: { name: string; dataDir: string; db: string; httpPort: number; cluster: NatsCluster; firstNode: number; seed: boolean }): ChildService {
  const nodes = rotated(o.cluster.nodes, o.firstNode);
  const args = [
    '--data-dir', o.dataDir, '--http-host', '127.0.0.1', '--http-port', String(o.httpPort), '--db', o.db,
    '--nats-url', nodes.map((n) => n.natsUrl).join(','), '--mqtt-url', nodes.map((n) => n.mqttUrl).join(','),
    '--mqtt-group', GROUP, '--instance-id', o.name, '--console-dir', join(o.dataDir, 'no-console'), ...(o.seed ? ['--seed-demo'] : []),
  ];
  const health = `http://127.0.0.1:${o.httpPort}/api/health`;
  return new ChildService(o.name, CLOUD_MAIN, args, async (log) => log.includes('joined the NATS queue group') && (await fetch(health, { signal: AbortSignal.timeout(2000) })).ok);
}

interface Connz { connections: { name?: string; mqtt_client?: string; subscriptions_list_detail?: { qgroup?: string; msgs: number }[] }[] }
/** Every connection on the live nodes, from their monitoring endpoints. */
async function connections(cluster: NatsCluster, nodes: number[]): Promise<Connz['connections']> {
  const all = await Promise.all(nodes.map(async (i) => ((await (await fetch(`${cluster.nodes[i]!.monitorUrl}/connz?subs=detail&limit=1024`)).json()) as Connz).connections));
  return all.flat();
}

describe('MQTT tier on a NATS cluster: 3 nodes, 2 cloud instances, PostgreSQL', () => {
  it('loses nothing, doubles nothing and answers every gate open when a node and an instance die', async () => {
    const cluster = await startNatsCluster({ nodes: 3 });
    cleanups.push(() => cluster.stop());
    const pgServer: PostgresServer = await startPostgres();
    cleanups.push(() => pgServer.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'yg-nats-cloud-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    // Instance a survives; its NATS and MQTT clients start on node 3, the one that dies, so it must fail over too.
    const portA = await freePort();
    const a = cloudInstance({ name: 'cloud-a', dataDir, db: pgServer.url, httpPort: portA, cluster, firstNode: 2, seed: true });
    cleanups.push(() => a.stop());
    await a.start(90_000);
    const b = cloudInstance({ name: 'cloud-b', dataDir, db: pgServer.url, httpPort: await freePort(), cluster, firstNode: 0, seed: false });
    cleanups.push(() => b.stop());
    await b.start(90_000);

    const db = new pg.Client({ connectionString: pgServer.url });
    await db.connect();
    cleanups.push(() => db.end());
    // Six gateways, two per node: the two demo ones and four more in the small compound.
    const demo = (await db.query<{ id: string; compound_id: string }>('SELECT id, compound_id FROM gateways ORDER BY id')).rows;
    expect(demo.length).toBe(2);
    const small = demo.find((g) => g.id.includes('small')) ?? demo[0]!;
    for (let i = 1; i <= 4; i++) {
      await db.query(
        `INSERT INTO gateways SELECT (jsonb_populate_record(NULL::gateways, to_jsonb(g) || jsonb_build_object('id', $1::text, 'mqtt_username', $1::text, 'link_state', 'never'))).*
         FROM gateways g WHERE id = $2`,
        [`gw-nats-${i}`, small.id],
      );
    }
    const gateways = [...demo, ...[1, 2, 3, 4].map((i) => ({ id: `gw-nats-${i}`, compound_id: small.compound_id }))];
    const cloudKey = readFileSync(join(dataDir, 'keys', 'cloud-signing.pub'), 'utf8');

    // The gate-open gateway (the demo "small" one, resident1's gate) lives on node 3, which dies.
    const placed = gateways.map((g, i) => ({ ...g, node: g.id === small.id ? 2 : i % 3 }));
    const sims: { id: string; node: number; sim: GatewaySim }[] = [];
    for (const g of placed) {
      const servers = rotated(cluster.nodes, g.node).map((n) => ({ host: '127.0.0.1', port: n.mqttPort }));
      const sim = await connectGatewaySim({
        url: cluster.nodes[g.node]!.mqttUrl, gatewayId: g.id, compoundId: g.compound_id, password: 'anonymous-in-this-test', cloudSigningKey: cloudKey,
        // Like the edge's forwarder: a persistent session, so its subscriptions live on in the cluster.
        mqtt: { servers, reconnectPeriod: 500, connectTimeout: 5000, clean: false },
      });
      cleanups.push(() => sim.close());
      sims.push({ id: g.id, node: g.node, sim });
    }

    const sentIds = new Set<string>();
    const alarmKeys: string[] = [];
    let resends = 0;
    /** Like the edge forwarder: the same batch again until the cloud's application ack comes. */
    async function deliver(sim: GatewaySim, events: { id: string }[], batchId: string): Promise<void> {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const ack = await Promise.race([sim.sendBatch(events, batchId).catch(() => null), sleep(ACK_WAIT_MS).then(() => null)]);
        if (ack) {
          expect(ack.rejected, `batch ${batchId}`).toEqual([]);
          if (ack.committed.length === events.length) return; // duplicates count as committed
        }
        resends++;
      }
      throw new Error(`batch ${batchId} never acked after ${MAX_ATTEMPTS} attempts`);
    }
    async function sendBatches(from: number, to: number): Promise<void> {
      await Promise.all(sims.map(async ({ id, sim }) => {
        for (let n = from; n < to; n++) {
          const key = `gate-main:forced_${n}`;
          const events = [
            ...Array.from({ length: EVENTS_PER_BATCH - 1 }, (_, i) => sim.event('gate.access_granted', 'gate-main', { method: 'card', credentialRef: `card:${n}-${i}` })),
            sim.event('alert.raised', 'gate-main', { key, kind: 'door_forced', severity: 'critical', title: '门被强行打开', ruleId: 'door-forced' }),
          ];
          events.forEach((e) => sentIds.add(e.id));
          alarmKeys.push(`${id}.${key}`);
          await deliver(sim, events, `b-${id}-${n}`);
        }
      }));
    }
    async function openGates(label: string): Promise<void> {
      const login = await fetch(`http://127.0.0.1:${portA}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'resident1', password: 'yardguard-demo' }),
      });
      expect(login.status, `${label}: resident login`).toBe(200);
      const { token } = (await login.json()) as { token: string };
      for (let i = 0; i < GATE_OPENS; i++) {
        const res = await fetch(`http://127.0.0.1:${portA}/api/gates/${small.id}.gate-main/open`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        expect(res.status, `${label}: gate open ${i + 1}: ${body}`).toBe(200);
      }
    }

    await sendBatches(0, BATCHES_BEFORE);
    await openGates('before the kill');
    // Both instances took uplink from the queue group.
    const before = await connections(cluster, [0, 1, 2]);
    for (const name of ['cloud-a', 'cloud-b']) {
      const taken = before.filter((c) => c.name === `${GROUP}-${name}`).flatMap((c) => c.subscriptions_list_detail ?? []).filter((d) => d.qgroup === GROUP).reduce((n, d) => n + d.msgs, 0);
      expect(taken, `${name}: uplink messages from the queue group`).toBeGreaterThan(0);
    }
    const smallSim = sims.find((s) => s.id === small.id)!.sim;
    const commandsBefore = smallSim.commands.length;

    // Mid-run: node 3 and cloud b die while every gateway has batches in flight.
    const after = sendBatches(BATCHES_BEFORE, BATCHES_BEFORE + BATCHES_AFTER);
    await sleep(300);
    cluster.nodes[2]!.kill('SIGKILL');
    await b.kill9();
    await after;
    // The gateways that were on node 3 now hold a session on another node.
    const survivors = await connections(cluster, [0, 1]);
    for (const s of sims.filter((x) => x.node === 2)) {
      expect(s.sim.client.connected, `${s.id} reconnected`).toBe(true);
      expect(survivors.some((c) => c.mqtt_client === s.id), `${s.id} now on node 1 or 2`).toBe(true);
    }
    await openGates('after the kill');
    expect(smallSim.commands.length - commandsBefore).toBe(GATE_OPENS);

    // Every event exactly once.
    const ids = [...sentIds];
    const stored = await db.query<{ n: string; distinct_ids: string }>('SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM events WHERE id = ANY($1::text[])', [ids]);
    expect(Number(stored.rows[0]!.n)).toBe(ids.length);
    expect(Number(stored.rows[0]!.distinct_ids)).toBe(ids.length);
    // Every alarm one alert, raised once (a re-sent batch must not count it again). Derivation is
    // asynchronous (outbox): wait until every alert is there, then check none doubled.
    const deadline = Date.now() + 60_000;
    let alerts: { key: string; count: number }[] = [];
    for (;;) {
      alerts = (await db.query<{ key: string; count: number }>('SELECT key, count FROM alerts WHERE key = ANY($1::text[])', [alarmKeys])).rows;
      if (alerts.length >= alarmKeys.length || Date.now() > deadline) break;
      await sleep(250);
    }
    expect(alerts.length).toBe(alarmKeys.length);
    expect(new Set(alerts.map((r) => r.key)).size).toBe(alarmKeys.length);
    expect(alerts.filter((r) => Number(r.count) !== 1)).toEqual([]);
    console.info(`[nats-cluster] ${ids.length} events from ${sims.length} gateways over 3 nodes, ${alarmKeys.length} alerts, ${GATE_OPENS * 2} gate opens, ${resends} batch re-sends after the kills`);
  }, 240_000);
});
