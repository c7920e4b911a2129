/**
 * GB 50396 five-denials alert through the whole app (stored events, derive outbox, routing, timers):
 * five denied credentials in a row at one gate inside the window raise one alert, paged and escalated
 * like the others; a grant in between, another gate, or denials spread wider than the window do not;
 * the count and window are per-compound policy. The clock is the test's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Event } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { defaultAlertPolicy, savePolicy } from '../../src/alerts/policy.js';
import { stopPostgres } from '../helpers/dialects.js';
import { openTestDb, opsDialects, seed } from './db.js';
import { buildOpsApp, event } from './app.js';

afterAll(stopPostgres);

describe.each(opsDialects)('five denials at one gate ($name)', (d) => {
  async function setup() {
    const db = await openTestDb(await d.url());
    await seed(db);
    const clock = manualClock(new Date().toISOString());
    const app = await buildOpsApp(db, { clock });
    const at = () => new Date(clock.now()).toISOString();
    const denied = (deviceId = 'gate-main', method: 'card' | 'qr' = 'card'): Event => event('gate.access_denied', { method, reason: 'unknown_credential' }, { deviceId, occurredAt: at() });
    const granted = (deviceId = 'gate-main'): Event => event('gate.access_granted', { method: 'card' }, { deviceId, occurredAt: at() });
    const alerts = () => db.selectFrom('alerts').selectAll().where('kind', '=', 'access_denied_repeated').execute();
    /** One event per call, 10 s apart, each in its own batch (as a gate reports them). */
    const report = async (...events: (() => Event)[]) => {
      for (const e of events) {
        clock.advance(10_000);
        await app.ops.onEventsCommitted([e()]);
      }
    };
    return { db, clock, app, denied, granted, alerts, report };
  }

  it('the fifth denial in a row raises one alert, routed and escalated; more denials fold into it', async () => {
    const { db, clock, app, denied, alerts, report } = await setup();
    await report(() => denied(), () => denied(), () => denied(), () => denied('gate-main', 'qr'));
    expect(await alerts()).toEqual([]);
    await report(() => denied());
    const [alert] = await alerts();
    expect(alert).toMatchObject({ compound_id: 'c1', device_id: 'gw1.gate-main', severity: 'high', status: 'new', count: 1, assignee_id: 'm1' });
    expect(alert!.title).toContain('连续5次');
    expect(alert!.title).toContain('二维码');
    expect(await db.selectFrom('alert_pages').select(['target_user_id', 'level']).where('alert_id', '=', alert!.id).execute()).toEqual([{ target_user_id: 'm1', level: 0 }]);

    // A sixth denial is the same burst: the alert counts it.
    await report(() => denied());
    expect((await alerts()).map((a) => a.count)).toEqual([2]);
    // Nobody acknowledges: the escalation timer pages again (high: 120 s).
    clock.advance((defaultAlertPolicy.ackTimeoutS.high + 1) * 1000);
    await app.ops.tick();
    const pages = await db.selectFrom('alert_pages').select('level').where('alert_id', '=', alert!.id).orderBy('level').execute();
    expect(pages.map((p) => p.level)).toEqual([0, 1]);
  });

  it('a grant in between, another gate, or denials spread wider than the window raise nothing', async () => {
    const { clock, denied, granted, alerts, report } = await setup();
    await report(() => denied(), () => denied(), () => denied(), () => granted(), () => denied(), () => denied());
    // Four at gate-main since the grant, three at another gate.
    await report(() => denied(), () => denied('gate-north'), () => denied('gate-north'), () => denied('gate-north'));
    expect(await alerts()).toEqual([]);
    // Five denials, 100 s apart: never five inside 300 s.
    for (let i = 0; i < 5; i++) {
      clock.advance(90_000);
      await report(() => denied('gate-east'));
    }
    expect(await alerts()).toEqual([]);
  });

  it('the count and window are the compound\'s policy', async () => {
    const { db, denied, alerts, report } = await setup();
    await savePolicy(db, 'c1', { ...defaultAlertPolicy, deniedBurst: { count: 3, windowS: 60 } }, new Date().toISOString());
    await report(() => denied('gate-north'), () => denied('gate-north'));
    expect(await alerts()).toEqual([]);
    await report(() => denied('gate-north'));
    expect((await alerts()).map((a) => [a.device_id, a.title.includes('连续3次')])).toEqual([['gw1.gate-north', true]]);
  });
});
