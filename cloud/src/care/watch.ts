/**
 * The care watch, run on every operations tick: pick up the resident's new activity (their own
 * card swipes from stored gate events, their app gate opens from the audit, the opens and closes
 * of the door contact on their own flat door), resolve a care alert
 * once there is activity again, and raise one care_no_activity alert per episode: no activity for
 * the window, or no 平安 check-in by the set time (China time). Pulling from stored rows means a
 * restart loses nothing; the episode key (alerted_for) makes the raise happen once.
 */
import type { Kysely } from 'kysely';
import { newId, type CareContact } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { CareHouseholdsTable } from '../db/tables-governance.js';
import { raiseAlert, resolveAlert, type AlertChange } from '../alerts/store.js';
import { chinaClock, chinaDate } from './store.js';

type Db = Kysely<Database>;

interface Activity { kind: 'card' | 'app' | 'door'; sourceId: string; at: string }

/** A door moving is a sign of life; a resync (door_contact.state), battery or tamper report is not. */
const DOOR_ACTIVITY = ['door_contact.opened', 'door_contact.closed'] as const;

async function newActivity(db: Db, h: CareHouseholdsTable, since: string): Promise<Activity[]> {
  const refs = JSON.parse(h.credential_refs) as string[];
  const out: Activity[] = [];
  if (refs.length) {
    const swipes = await db.selectFrom('events').select(['id', 'occurred_at', 'data']).where('compound_id', '=', h.compound_id)
      .where('type', '=', 'gate.access_granted').where('occurred_at', '>', since).orderBy('occurred_at').limit(1000).execute();
    for (const e of swipes) {
      const ref = (JSON.parse(e.data) as { credentialRef?: string }).credentialRef;
      if (ref && refs.includes(ref)) out.push({ kind: 'card', sourceId: e.id, at: e.occurred_at });
    }
  }
  // Only the contacts this household consented to (enabled households only reach here).
  const doors = JSON.parse(h.door_contact_ids) as string[];
  if (doors.length) {
    const moves = await db.selectFrom('events').select(['id', 'occurred_at']).where('compound_id', '=', h.compound_id)
      .where('type', 'in', DOOR_ACTIVITY).where('device_id', 'in', doors).where('occurred_at', '>', since).orderBy('occurred_at').limit(1000).execute();
    out.push(...moves.map((e) => ({ kind: 'door' as const, sourceId: e.id, at: e.occurred_at })));
  }
  const opens = await db.selectFrom('gate_open_audit').select(['id', 'requested_at']).where('user_id', '=', h.resident_id)
    .where('result', '=', 'ok').where('requested_at', '>', since).execute();
  out.push(...opens.map((o) => ({ kind: 'app' as const, sourceId: o.id, at: o.requested_at })));
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * A door contact that is offline sees no activity either: say so, so the carer knows the silence may
 * be the sensor (a flat battery) and still calls.
 */
async function doorContactNote(db: Db, h: CareHouseholdsTable): Promise<string> {
  const ids = JSON.parse(h.door_contact_ids) as string[];
  if (!ids.length) return '';
  const off = await db.selectFrom('devices').select('device_id').where('compound_id', '=', h.compound_id).where('kind', '=', 'door_contact')
    .where('device_id', 'in', ids).where('online', '=', 0).execute();
  return off.length ? `（门磁 ${off.map((d) => d.device_id).join('、')} 离线，可能需更换电池）` : '';
}

function episodeOf(h: CareHouseholdsTable, nowMs: number): { key: string; reason: string } | null {
  const last = h.last_activity_at ?? h.consent_at;
  if (nowMs >= Date.parse(last) + h.window_hours * 3_600_000) return { key: `w:${last}`, reason: `${h.window_hours}小时无活动（最后活动 ${chinaDate(Date.parse(last))} ${chinaClock(Date.parse(last))}）` };
  if (h.check_in_by) {
    const today = chinaDate(nowMs);
    const deadline = Date.parse(`${today}T${h.check_in_by}:00+08:00`);
    // Enrolled after today's deadline: the first expected check-in is tomorrow.
    if (nowMs >= deadline && h.last_check_in_on !== today && Date.parse(h.consent_at) < deadline) {
      return { key: `c:${today}`, reason: `今日 ${h.check_in_by} 前未报平安` };
    }
  }
  return null;
}

export async function checkCare(db: Db, nowMs: number, instanceId: string): Promise<AlertChange[]> {
  const changes: AlertChange[] = [];
  const households = await db.selectFrom('care_households').selectAll().where('enabled', '=', 1).execute();
  for (let h of households) {
    const since = h.last_activity_at ?? h.consent_at;
    const fresh = await newActivity(db, h, since);
    if (fresh.length) {
      const last = fresh[fresh.length - 1]!;
      await db.transaction().execute(async (trx) => {
        for (const a of fresh) await trx.insertInto('care_activity').values({ id: newId(), household_id: h.id, kind: a.kind, source_id: a.sourceId, at: a.at }).execute();
        await trx.updateTable('care_households').set({ last_activity_at: last.at, last_activity_kind: last.kind }).where('id', '=', h.id).where('last_activity_at', '=', since).execute();
      });
      h = (await db.selectFrom('care_households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow());
    }
    // Activity again after the alert: they are fine; close it.
    if (h.alert_id) {
      const a = await db.selectFrom('alerts').select(['status', 'created_at']).where('id', '=', h.alert_id).executeTakeFirst();
      if (!a || a.status === 'resolved') {
        await db.updateTable('care_households').set({ alert_id: null }).where('id', '=', h.id).execute();
      } else if (h.last_activity_at && h.last_activity_at > a.created_at) {
        changes.push(await resolveAlert(db, h.alert_id, null, '已有活动（刷卡、开门、门磁或报平安）', nowMs));
        await db.updateTable('care_households').set({ alert_id: null }).where('id', '=', h.id).execute();
      }
    }
    const episode = episodeOf(h, nowMs);
    if (!episode || episode.key === h.alerted_for) continue;
    const claimed = await db.updateTable('care_households').set({ alerted_for: episode.key }).where('id', '=', h.id)
      .where((eb) => eb.or([eb('alerted_for', 'is', null), eb('alerted_for', '!=', episode.key)])).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const resident = await db.selectFrom('users').select('display_name').where('id', '=', h.resident_id).executeTakeFirst();
    const contacts = (JSON.parse(h.contacts) as CareContact[]).map((c) => `${c.relation}${c.name} ${c.phone}`).join('，');
    const deviceNote = await doorContactNote(db, h);
    const change = await raiseAlert(db, {
      compoundId: h.compound_id, gatewayId: null, deviceId: null, key: `care:${h.id}:${episode.key}`, kind: 'care_no_activity', severity: 'high',
      title: `独居老人关爱：${h.label} ${resident?.display_name ?? ''} ${episode.reason}${deviceNote}；联系人 ${contacts}`, source: 'cloud',
      causeEventId: null, snapshotIds: [], atMs: nowMs,
    }, nowMs, instanceId);
    await db.updateTable('care_households').set({ alert_id: change.alert.id }).where('id', '=', h.id).execute();
    changes.push(change);
  }
  return changes;
}

