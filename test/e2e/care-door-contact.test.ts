/**
 * Care for residents living alone, from the household door contact to the care alert, without a
 * browser: the door contact's simulator (MQTT, its own login) on the gateway's broker -> the edge
 * agent's outbox -> the cloud's ingest -> the care watch on the ops tick.
 *
 * 张秀兰 (elder1, demo seed) is enrolled with consent and with the door contact on her flat door
 * (door-b2-101 of the small sample). A day without activity is made by moving her last activity
 * back 25 hours in the cloud's database (the watch reads the real clock; waiting a day is not a
 * test): the watch raises one care alert to the grid leader; then her door opens and the alert
 * resolves, with the door as her last activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareHousehold } from '@yardguard/firmware-config';
import { DoorContactSim } from '@yardguard/edge/sim';
import { waitFor } from '@yardguard/test/servers';
import { startSystem, type System } from './helpers/system.js';

const H = 3_600_000;
let sys: System;

beforeAll(async () => {
  sys = await startSystem({ console: false });
});

afterAll(async () => {
  await sys?.stop();
});

describe('care: household door contact -> edge -> cloud -> care alert', () => {
  it('a day of silence raises one care alert to the grid leader; her door opening resolves it', async () => {
    const grid = await sys.as('grid1');
    const household = async () => (await grid.get<{ households: CareHousehold[] }>(`/api/care/households?compoundId=${sys.compoundId}`)).households
      .find((h) => h.doorContactIds.includes('door-b2-101'));
    const h = await household();
    expect(h).toMatchObject({ enabled: true, label: '2号楼1单元101' });
    const door = sys.compound.doorContacts.get('door-b2-101');
    expect(door).toBeInstanceOf(DoorContactSim);
    await waitFor(() => sys.edge.status().devices.find((d) => d.id === 'door-b2-101')?.online === true, { timeoutMs: 20_000 });

    // A day without a sign of life (and no daily check-in due, so only the window counts).
    const db = sys.cloud.cloud.db;
    await db.updateTable('care_households').set({ last_activity_at: new Date(Date.now() - 25 * H).toISOString(), check_in_by: null })
      .where('id', '=', h!.id).execute();
    const careAlert = () => db.selectFrom('alerts').select(['id', 'status', 'assignee_id', 'title']).where('kind', '=', 'care_no_activity')
      .where('compound_id', '=', sys.compoundId).where('title', 'like', '%2号楼1单元101%').execute();
    const raised = await waitFor(async () => {
      const rows = await careAlert();
      return rows.length ? rows : null;
    }, { timeoutMs: 30_000 });
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ status: 'new' });
    const gridUser = await db.selectFrom('users').select('id').where('username', '=', 'grid1').executeTakeFirstOrThrow();
    expect(raised[0]!.assignee_id).toBe(gridUser.id);
    expect(raised[0]!.title).toContain('女儿李娟 13900001111');

    // She opens her door: the simulated contact publishes to the gateway, the edge forwards, the watch sees it.
    await (door as DoorContactSim).passThrough(100);
    const resolved = await waitFor(async () => {
      const rows = await careAlert();
      return rows.every((r) => r.status === 'resolved') ? rows : null;
    }, { timeoutMs: 30_000 });
    expect(resolved).toHaveLength(1);
    expect(await household()).toMatchObject({ lastActivityKind: 'door', alertId: null });
    // The door's events are stored for the carers, and hidden from the guard.
    const guard = await sys.as('guard1');
    const guardTypes = (await guard.get<{ events: { type: string }[] }>(`/api/events?compoundId=${sys.compoundId}&limit=1000`)).events.map((e) => e.type);
    expect(guardTypes.some((t) => t.startsWith('door_contact.'))).toBe(false);
    const manager = await sys.as('manager');
    const managerTypes = (await manager.get<{ events: { type: string }[] }>(`/api/events?compoundId=${sys.compoundId}&limit=1000`)).events.map((e) => e.type);
    expect(managerTypes).toEqual(expect.arrayContaining(['door_contact.opened', 'door_contact.closed']));
  });
});
