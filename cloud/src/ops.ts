/**
 * The operations engine behind the alerts, incidents, notify, live and snapshots plugins: alerts from
 * committed events, pushes (live stream + robots), and the timers. It registers no routes; app.ts
 * builds it and hands its parts to the feature plugins through the AppContext.
 * The core calls onEventsCommitted after each committed ingest batch and start()/stop() around
 * the instance's life.
 *
 * Flow of an alert: event stored with a derive-outbox row -> alerts/derive-outbox (claimed) ->
 * alerts/store (fold or create, route, arm timer, queue robot messages, delete the outbox row: one
 * transaction) -> apply(): live stream (id, cluster bus fan-out) and a delivery kick. Timers and the queue are rows
 * claimed by exactly one instance (alerts/claim.ts); the gateway offline check flips a row
 * conditionally, so it also fires once.
 */
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Event } from '@yardguard/firmware-config';
import type { Database } from './db/database.js';
import type { ClusterBus } from './cluster/bus.js';
import { systemClock, iso, type Clock } from './alerts/clock.js';
import { isPostgres } from './alerts/claim.js';
import { fireDueTimers } from './alerts/escalation.js';
import { checkGateways } from './alerts/gateway-check.js';
import { drainDeriveOutbox } from './alerts/derive-outbox.js';
import { derivesFromEvent } from './alerts/sources.js';
import type { AlertChange } from './alerts/store.js';
import { createLiveHub, type LiveHub } from './live/hub.js';
import { defaultRetry, deliverDue, type RetryPolicy } from './notify/queue.js';
import { createWebhookEgress, type WebhookEgress } from './notify/egress.js';
import { createMediaStore, type MediaStore, type RetentionLimits } from './snapshots/media-store.js';
import { raiseOverdueSteps } from './work-orders/overdue.js';
import { createWorkOrderPush, type WorkOrderChanged } from './work-orders/change-push.js';
import { checkCare } from './care/watch.js';
import { checkRetention, defaultRetention, type RetentionPolicy } from './retention/policy.js';
import { createRetentionJob, type RetentionJob } from './retention/job.js';

export interface OpsOptions {
  /** Escalation timers and the notification queue are polled this often. */
  tickMs: number;
  /** Gateway liveness check interval (offline after policy.gatewayOfflineS, default 45 s). */
  gatewayCheckMs: number;
  notifyRetry: RetryPolicy;
  snapshotRetention: RetentionLimits;
  /** Webhook hosts an administrator allows even on internal addresses (default none). */
  webhookAllowHosts: string[];
  /** How long each kind of record is kept (GB 50396: records at least 180 days; telemetry first). */
  retention: RetentionPolicy;
  /** How often each instance asks whether the retention pass is due (it runs on one instance per period). */
  retentionCheckMs: number;
}

export interface OpsDeps {
  db: Kysely<Database>;
  bus: ClusterBus;
  log: Logger;
  /**
   * Where snapshots and photos are stored (`<dataDir>/media`). Default: the SQLite file's folder,
   * else $YG_DATA_DIR, else `./.data`.
   */
  dataDir?: string;
  /** Names this instance in claims and pages. */
  instanceId?: string;
  /** Tests move time by hand. */
  clock?: Clock;
  options?: Partial<OpsOptions>;
}

export interface Ops {
  /**
   * Called by ingest after a batch is committed (never before), with the newly stored events only.
   * Their alerts come from the derive-outbox rows committed with them (alerts/derive-outbox.ts):
   * this drains now; the tick drains whatever a crash or a failure left.
   */
  onEventsCommitted(events: Event[]): Promise<void>;
  /** Start timers (escalation, offline checks). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One round of timers, queue and gateway check (what the interval runs; tests call it). */
  tick(opts?: { gateways?: boolean }): Promise<void>;
  live: LiveHub;
  media: MediaStore;
  /** Outgoing robot posts (SSRF-safe). */
  egress: WebhookEgress;
  clock: Clock;
  instanceId: string;
  /** Push alert changes (live stream, robots) after their transaction committed. */
  apply(changes: AlertChange[]): Promise<void>;
  /** Tell consoles an incident changed (note, close, work order): they refetch it. */
  incidentChanged(compoundId: string, incidentId: string): Promise<void>;
  /**
   * After a committed change to a work order (created, moved, commented, rated, linked): the staff of its
   * compound and its resident requester are told (live stream, `work-orders/change-push.ts`). Never throws.
   */
  workOrderChanged: WorkOrderChanged;
  /** The retention pass (scheduled, claimed once across instances). */
  retention: RetentionJob;
}

export const defaultOpsOptions: OpsOptions = {
  tickMs: 1000,
  gatewayCheckMs: 10_000,
  notifyRetry: defaultRetry,
  snapshotRetention: { compoundMaxBytes: 1024 ** 3, maxAgeDays: 30 },
  webhookAllowHosts: [],
  retention: defaultRetention,
  retentionCheckMs: 600_000,
};

async function dataDirOf(db: Kysely<Database>, given: string | undefined): Promise<string> {
  if (given) return given;
  if (!isPostgres(db)) {
    const files = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
    const main = files.rows.find((r) => r.name === 'main')?.file;
    if (main) return dirname(main);
  }
  return process.env.YG_DATA_DIR ?? join(process.cwd(), '.data');
}

export async function createOps(deps: OpsDeps): Promise<Ops> {
  const { db, bus, log } = deps;
  const clock = deps.clock ?? systemClock;
  // Gateways are judged only on time this instance was watching: its own outage is not theirs.
  let watchingSinceMs = clock.now();
  const instanceId = deps.instanceId ?? `ops-${randomBytes(3).toString('hex')}`;
  const options: OpsOptions = { ...defaultOpsOptions, ...deps.options };
  checkRetention(options.retention);
  const egress = createWebhookEgress({ allowHosts: options.webhookAllowHosts });
  const live = await createLiveHub({ db, bus, log: log.child({ mod: 'live' }) });
  const media = createMediaStore({ db, root: join(await dataDirOf(db, deps.dataDir), 'media'), limits: options.snapshotRetention, log });
  const retention = createRetentionJob({ db, media, policy: options.retention, instanceId, log: log.child({ mod: 'retention' }), now: () => clock.now() });

  let notifyKick: Promise<void> | null = null;
  const deliverNow = () => {
    // Robots go out right away (not on the next tick); one delivery round at a time per instance.
    notifyKick ??= deliverDue(db, instanceId, clock.now(), options.notifyRetry, 20, egress)
      .then(() => undefined)
      .catch((err: unknown) => log.warn({ err }, 'notification delivery failed'))
      .finally(() => (notifyKick = null));
  };

  /** Push committed alert changes (live stream); their robot messages were queued in the same transaction. */
  async function apply(changes: AlertChange[]): Promise<void> {
    for (const c of changes) {
      try {
        await live.publish({ type: c.type, compoundId: c.alert.compoundId, at: iso(clock.now()), alert: c.alert });
      } catch (err) {
        log.error({ err, alertId: c.alert.id }, 'alert push failed');
      }
    }
    if (changes.some((c) => c.page)) deliverNow();
  }

  // One drain of the derive outbox at a time per instance; a kick during a drain runs one more after it.
  let draining: Promise<void> | null = null;
  let drainAgain = false;
  const drainOnce = async () => {
    for (;;) {
      const r = await drainDeriveOutbox(db, instanceId, clock.now(), log);
      await apply(r.changes);
      // A full claim means more may be waiting; failures wait for their backoff.
      if (r.done + r.failed < 200) return;
    }
  };
  const drainNow = (): Promise<void> => {
    if (draining) {
      drainAgain = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          drainAgain = false;
          await drainOnce();
        } while (drainAgain);
      } finally {
        draining = null;
      }
    })();
    return draining;
  };

  const incidentChanged = async (compoundId: string, incidentId: string) => {
    await live.publish({ type: 'incident.update', compoundId, at: iso(clock.now()), incidentId })
      .then(() => undefined, (err: unknown) => log.error({ err, incidentId }, 'incident push failed'));
  };
  const workOrderChanged = createWorkOrderPush({ db, live, clock, log: log.child({ mod: 'work-orders' }) });

  async function tick(opts: { gateways?: boolean } = {}): Promise<void> {
    // Events stored but not yet turned into alerts (a crash, a failed attempt, another instance's lease ran out).
    await drainNow().catch((err: unknown) => log.error({ err }, 'derive outbox drain failed'));
    const now = clock.now();
    await apply(await raiseOverdueSteps(db, now, instanceId));
    await apply(await checkCare(db, now, instanceId));
    await apply(await fireDueTimers(db, instanceId, now));
    if (opts.gateways) await apply(await checkGateways(db, now, instanceId, watchingSinceMs));
    await deliverDue(db, instanceId, now, options.notifyRetry, 20, egress);
  }

  const timers: NodeJS.Timeout[] = [];
  // A slow round (a robot timing out) must not pile up rounds behind it.
  const guarded = (what: string, fn: () => Promise<unknown>) => {
    let running = false;
    return async () => {
    if (running) return;
    running = true;
    try {
      await fn();
    } catch (err) {
      log.error({ err }, `${what} failed`);
    } finally {
      running = false;
    }
    };
  };

  return {
    live,
    media,
    egress,
    clock,
    instanceId,
    apply,
    incidentChanged,
    workOrderChanged,
    retention,
    tick,
    async onEventsCommitted(events) {
      // Ingest wrote the derive-outbox rows with the events; drain them now rather than on the next tick.
      // Only when one of them derives: a reconnect storm's thousands of health batches derive nothing,
      // and a claim query per batch was a tenth of the cloud's time then (profiled).
      if (!events.some(derivesFromEvent)) return;
      await drainNow().catch((err: unknown) => log.error({ err }, 'derive outbox drain failed'));
    },
    async start() {
      watchingSinceMs = clock.now();
      timers.push(setInterval(guarded('alert timers', () => tick()), options.tickMs));
      timers.push(setInterval(guarded('gateway check', async () => apply(await checkGateways(db, clock.now(), instanceId, watchingSinceMs))), options.gatewayCheckMs));
      timers.push(setInterval(guarded('retention', () => retention.runIfDue(clock.now())), options.retentionCheckMs));
      for (const t of timers) t.unref();
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      await draining?.catch(() => undefined);
      await notifyKick;
      live.close();
    },
  };
}
