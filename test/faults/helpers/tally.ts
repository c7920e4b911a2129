/**
 * What a fault scenario did to the promise "an event a device got a PUBACK for reaches the cloud
 * exactly once, and every stored alarm has its alert": counted from the cloud's database and the
 * edge's own dead-letter table, printed as one line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Fleet } from './devices.js';
import type { FaultSystem } from './system.js';

export interface Tally {
  scenario: string;
  sent: number;
  ackedByEdge: number;
  storedInCloud: number;
  /** PUBACKed by the edge, not in the cloud. */
  lost: number;
  /** Rows beyond one per event id, plus sequence numbers of the gateway stored twice. */
  duplicated: number;
  /** Events in the edge's dead letters (none of ours is invalid: every one is a failure). */
  deadLettered: number;
  /** Stored alert.raised events whose alert key has no alert, plus derive-outbox rows left. */
  alertsMissing: number;
  /** Snapshots named by stored events that never reached the cloud. */
  snapshotsMissing: number;
}

interface CloudRows {
  ids: string[];
  seqDuplicates: number;
  raisedKeys: string[];
  alertKeys: string[];
  deriveLeft: number;
  /** Media ids (`<gatewayId>.<snapshotId>`) named by stored alert.raised events, and those stored. */
  snapshotsNamed: string[];
  snapshotsStored: string[];
}

type Rows = Record<string, unknown>[];

/** Run queries (`$1` = this gateway's id) against the cloud's database, PostgreSQL or SQLite, opened once. */
async function withCloudDb<T>(sys: FaultSystem, work: (all: (sql: string) => Promise<Rows>) => Promise<T>): Promise<T> {
  if (sys.pg) {
    const c = new pg.Client({ connectionString: sys.cloudDbUrl });
    // PostgreSQL may be restarted under this client (the drain meter samples through the fault): its
    // FATAL arrives as an 'error' event, which without a listener is an uncaught exception; the
    // query in flight rejects anyway and the caller decides.
    c.on('error', () => {});
    await c.connect();
    try {
      return await work(async (sql) => (await c.query(sql, [sys.gatewayId])).rows as Rows);
    } finally {
      await c.end();
    }
  }
  const db = new Database(sys.cloudDbUrl, { readonly: true, fileMustExist: true });
  try {
    return await work(async (sql) => db.prepare(sql.replace('$1', '?')).all(sys.gatewayId) as Rows);
  } finally {
    db.close();
  }
}

/** One number from the edge agent's database (0 before the agent has created it). */
function edgeCount(sys: FaultSystem, sql: string): number {
  const file = join(sys.edgeDataDir, 'edge.db');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

async function cloudRows(sys: FaultSystem): Promise<CloudRows> {
  const keyOf = (data: string) => `${sys.gatewayId}.${(JSON.parse(data) as { key: string }).key}`;
  const snapsOf = (datas: string[]) => datas.flatMap((d) => ((JSON.parse(d) as { snapshotIds?: string[] }).snapshotIds ?? []).map((s) => `${sys.gatewayId}.${s}`));
  return withCloudDb(sys, async (all) => {
    const raised = (await all("SELECT DISTINCT data FROM events WHERE gateway_id = $1 AND type = 'alert.raised'")).map((r) => String(r.data));
    return {
      ids: (await all('SELECT id FROM events WHERE gateway_id = $1')).map((r) => String(r.id)),
      seqDuplicates: Number((await all('SELECT COUNT(*) AS n FROM (SELECT seq FROM events WHERE gateway_id = $1 GROUP BY seq HAVING COUNT(*) > 1) d'))[0]!.n),
      raisedKeys: raised.map(keyOf),
      snapshotsNamed: snapsOf(raised),
      alertKeys: (await all('SELECT DISTINCT key FROM alerts WHERE gateway_id = $1')).map((r) => String(r.key)),
      deriveLeft: Number((await all('SELECT COUNT(*) AS n FROM derive_outbox WHERE gateway_id = $1'))[0]!.n),
      snapshotsStored: (await all("SELECT id FROM media WHERE kind = 'snapshot' AND gateway_id = $1")).map((r) => String(r.id)),
    };
  });
}

const edgeDeadLetters = (sys: FaultSystem): number => edgeCount(sys, 'SELECT COUNT(*) AS n FROM dead_letter');

/**
 * Wait (bounded) until every PUBACKed event is in the cloud and the alerts are derived, then count.
 * The wait is the backlog drain: its rate is reported too.
 */
export async function settleAndCount(scenario: string, sys: FaultSystem, fleet: Fleet, timeoutMs = 180_000): Promise<Tally> {
  const started = Date.now();
  let rows = await cloudRows(sys);
  for (;;) {
    const stored = new Set(rows.ids);
    const missing = [...fleet.acked].filter((id) => !stored.has(id)).length;
    const alertsDone = rows.deriveLeft === 0 && rows.raisedKeys.every((k) => rows.alertKeys.includes(k));
    const snapsDone = rows.snapshotsNamed.every((id) => rows.snapshotsStored.includes(id));
    if ((missing === 0 && alertsDone && snapsDone) || Date.now() - started > timeoutMs) break;
    // A process that died will not drain anything: count now (the scenario prints its log).
    if (!sys.edge.running || !sys.cloud.running) break;
    await new Promise((r) => setTimeout(r, 500));
    rows = await cloudRows(sys);
  }
  const stored = new Set(rows.ids);
  const alertKeys = new Set(rows.alertKeys);
  const t: Tally = {
    scenario,
    sent: fleet.sent.size,
    ackedByEdge: fleet.acked.size,
    storedInCloud: [...fleet.sent].filter((id) => stored.has(id)).length,
    lost: [...fleet.acked].filter((id) => !stored.has(id)).length,
    duplicated: rows.ids.length - stored.size + rows.seqDuplicates,
    deadLettered: edgeDeadLetters(sys),
    alertsMissing: new Set(rows.raisedKeys.filter((k) => !alertKeys.has(k))).size + rows.deriveLeft,
    snapshotsMissing: new Set(rows.snapshotsNamed.filter((id) => !rows.snapshotsStored.includes(id))).size,
  };
  console.log(
    `[faults] ${scenario}: sent ${t.sent} / acked by the edge ${t.ackedByEdge} / stored in the cloud ${t.storedInCloud} / ` +
    `lost ${t.lost} / duplicated ${t.duplicated} / dead-lettered ${t.deadLettered} / alerts missing ${t.alertsMissing}` +
    ` / snapshots missing ${t.snapshotsMissing} (of ${new Set(rows.snapshotsNamed).size})`,
  );
  return t;
}

/**
 * The backlog drain: how fast the cloud stores events while the edge works off a queue a fault built
 * up. Sampled once a second from before the fault (cloud event count, edge outbox depth); the window
 * runs from the last sample before forwarding resumed with a backlog (>= 1,000 queued) until the queue
 * is back to what the live load keeps in it. No figure when no real backlog built up.
 */
export function startDrainMeter(sys: FaultSystem, liveDepth: number): { stop(): Promise<{ drained: number; eventsPerS: number }> } {
  const countCloud = (): Promise<number> =>
    withCloudDb(sys, async (all) => Number((await all('SELECT COUNT(*) AS n FROM events WHERE gateway_id = $1'))[0]!.n));
  const edgeDepth = (): number => edgeCount(sys, 'SELECT COUNT(*) AS n FROM outbox');
  const samples: { at: number; stored: number; depth: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const stored = await countCloud();
        samples.push({ at: Date.now(), stored, depth: edgeDepth() });
      } catch {
        // a database mid-restart or a process between lives: try again next second
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    async stop() {
      // The queue may still be draining: keep sampling until it is back to the live depth (2 min at most).
      const until = Date.now() + 120_000;
      while (Date.now() < until && !(samples.length > 0 && samples[samples.length - 1]!.depth <= liveDepth)) {
        await new Promise((r) => setTimeout(r, 500));
      }
      stopped = true;
      await loop;
      const resumed = samples.findIndex((s, i) => i > 0 && samples[i - 1]!.depth >= 1000 && s.stored > samples[i - 1]!.stored);
      if (resumed < 1) return { drained: 0, eventsPerS: 0 };
      const from = samples[resumed - 1]!;
      const to = samples.slice(resumed).find((s) => s.depth <= liveDepth);
      if (!to) return { drained: 0, eventsPerS: 0 };
      const drained = to.stored - from.stored;
      return { drained, eventsPerS: drained / Math.max(1, (to.at - from.at) / 1000) };
    },
  };
}
