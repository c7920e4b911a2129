/**
 * Retention with the test's clock, on SQLite and PostgreSQL: telemetry goes after its (short) time,
 * access and alarm events, the gate and command audit and finished alerts/incidents stay 180 days and
 * more (the default keeps them a year; less than 180 is refused at start), open business stays
 * whatever its age, snapshots go by age; the pass runs on a schedule and, with two instances on one
 * database, exactly one of them runs each period.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { newId } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { claimRun, RETENTION_JOB } from '../../src/retention/job.js';
import { checkRetention, defaultRetention } from '../../src/retention/policy.js';
import { stopPostgres } from '../helpers/dialects.js';
import { openTestDb, opsDialects, seed } from './db.js';
import { buildOpsApp } from './app.js';

afterAll(stopPostgres);

const DAY = 86_400_000;

describe.each(opsDialects)('retention ($name)', (d) => {
  it('prunes telemetry first and by its own age; keeps records at least 180 days; keeps open business; runs once per period', async () => {
    const db = await openTestDb(await d.url());
    await seed(db);
    const clock = manualClock(new Date().toISOString());
    const { ops } = await buildOpsApp(db, { clock });
    const ago = (days: number) => new Date(clock.now() - days * DAY).toISOString();
    const ev = async (type: string, days: number) => {
      const id = newId();
      await db.insertInto('events').values({ id, compound_id: 'c1', gateway_id: 'gw1', device_id: 'gate-main', seq: Math.floor(Math.random() * 1e9), type, occurred_at: ago(days), received_at: ago(days), data: '{}' }).execute();
      return id;
    };
    const kept = {
      health: await ev('gateway.health', 29), access: await ev('gate.access_denied', 200), forced: await ev('gate.forced_open', 364),
    };
    const gone = {
      health: await ev('gateway.health', 31), motion: await ev('camera.motion', 40), access: await ev('gate.access_granted', 366),
    };
    const audit = async (days: number) => {
      const id = newId();
      await db.insertInto('gate_open_audit').values({ id, command_id: newId(), compound_id: 'c1', gate_id: 'gw1.gate-main', user_id: 'g1', username: 'g1', visitor_pass_id: null, requested_at: ago(days), result: 'ok', error_code: null, latency_ms: 5 }).execute();
      return id;
    };
    const auditKept = await audit(181);
    const auditGone = await audit(400);
    const alert = async (days: number, status: 'resolved' | 'new') => {
      const id = newId();
      await db.insertInto('alerts').values({
        id, compound_id: 'c1', gateway_id: 'gw1', device_id: 'gw1.gate-main', key: `k-${id}`, kind: 'door_forced', severity: 'high', title: 't', source: 'edge', status,
        count: 1, first_at: ago(days), last_at: ago(days), cause_event_id: null, snapshot_ids: '[]', incident_id: null, assignee_id: null, escalation_level: 0, retriggers: 0,
        acknowledged_by: null, acknowledged_at: null, resolved_by: null, resolved_at: null, resolve_note: null, created_at: ago(days), updated_at: ago(days),
      }).execute();
      await db.insertInto('alert_pages').values({ id: newId(), alert_id: id, level: 0, reason: 'new', target_user_id: 'g1', timer_id: null, instance_id: 'x', at: ago(days) }).execute();
      return id;
    };
    const oldResolved = await alert(400, 'resolved');
    const oldOpen = await alert(400, 'new');
    const recentResolved = await alert(190, 'resolved');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const snapOld = await ops.media.save({ compoundId: 'c1', kind: 'snapshot', gatewayId: 'gw1', contentType: 'image/jpeg', data: jpeg, takenAtMs: clock.now() - 5 * DAY }, clock.now());
    const photoOld = await ops.media.save({ compoundId: 'c1', kind: 'photo', contentType: 'image/jpeg', data: jpeg, takenAtMs: clock.now() - 400 * DAY }, clock.now());

    // Snapshots are kept 30 days by default; move on so the 5-day-old one is 31 days old.
    clock.advance(26 * DAY);
    const ids = async (table: 'events' | 'gate_open_audit' | 'alerts' | 'media') => new Set((await db.selectFrom(table).select('id').execute()).map((r) => r.id));
    const first = await ops.retention.runIfDue(clock.now());
    expect(first).not.toBeNull();
    // 26 days later: the 29-day health reading (now 55) and the 364-day forced door (now 390) go too.
    const events = await ids('events');
    expect(events.has(kept.access)).toBe(true); // 226 days: kept (a year)
    for (const id of [gone.health, gone.motion, gone.access, kept.health, kept.forced]) expect(events.has(id)).toBe(false);
    expect(first!.telemetry).toBe(3);
    const auditLeft = await ids('gate_open_audit');
    expect([auditLeft.has(auditKept), auditLeft.has(auditGone)]).toEqual([true, false]);
    const alerts = await ids('alerts');
    expect([alerts.has(oldResolved), alerts.has(oldOpen), alerts.has(recentResolved)]).toEqual([false, true, true]);
    expect((await db.selectFrom('alert_pages').select('alert_id').execute()).map((p) => p.alert_id).sort()).toEqual([oldOpen, recentResolved].sort());
    const media = await ids('media');
    expect([media.has(snapOld.id), media.has(photoOld.id)]).toEqual([false, true]);

    // Not due again until the period has passed; then it runs (and finds nothing more).
    expect(await ops.retention.runIfDue(clock.now() + 60_000)).toBeNull();
    clock.advance(defaultRetention.everyHours * 3_600_000);
    expect(await ops.retention.runIfDue(clock.now())).toMatchObject({ telemetry: 0, events: 0, gateAudit: 0, alerts: 0 });
    const job = await db.selectFrom('scheduled_jobs').selectAll().where('name', '=', RETENTION_JOB).executeTakeFirstOrThrow();
    expect(job.last_run_by).toBe('test-a');
    expect(JSON.parse(job.last_result!)).toMatchObject({ telemetry: 0 });
  });

  it('two instances on one database: each period is claimed by exactly one', async () => {
    // Two connections to one database (a file for SQLite: in memory would be two databases).
    const dir = mkdtempSync(join(tmpdir(), 'yg-retention-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const url = d.name === 'postgres' ? await d.url() : join(dir, 'cloud.db');
    const a = await openTestDb(url);
    const b = await openTestDb(url);
    const t0 = Date.now();
    for (let period = 0; period < 3; period++) {
      const at = t0 + period * 3_600_000;
      const wins = await Promise.all([...Array(6)].map((_, i) => claimRun(i % 2 ? a : b, RETENTION_JOB, `i${i}`, at, 3_600_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  it('refuses a policy that keeps records less than 180 days (GB 50396)', () => {
    expect(() => checkRetention({ ...defaultRetention, auditDays: 90 })).toThrow(/at least 180 days/);
    expect(() => checkRetention({ ...defaultRetention, eventsDays: 179 })).toThrow(/retention.eventsDays/);
    expect(checkRetention({ ...defaultRetention, telemetryDays: 7 }).telemetryDays).toBe(7);
  });
});
