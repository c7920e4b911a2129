/**
 * GB 50396 (安全防范工程技术标准): several denied credentials in a row at one gate are an alarm, not
 * noise. When a gate reports a denial, the gate's last `count` access decisions inside the window
 * (up to and including this one) are read back from the stored events; when every one of them is a
 * denial, an access_denied_repeated alert is raised for the gate. Further denials fold into it (its
 * count grows); a grant in between starts the count again. Rule and window: alertPolicy.deniedBurst.
 */
import type { Kysely } from 'kysely';
import type { Event } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { deniedBurstOf, loadPolicy } from './policy.js';
import type { AlertInput } from './sources.js';

type Denied = Extract<Event, { type: 'gate.access_denied' }>;

export const isDenial = (e: Event): e is Denied => e.type === 'gate.access_denied';

const methodWords: Record<string, string> = { card: '刷卡', qr: '二维码', face: '人脸', app: '手机开门', visitor_pass: '访客码', remote: '远程', exit_button: '出门按钮' };

export async function deniedBurstAlert(db: Kysely<Database>, e: Denied): Promise<AlertInput | null> {
  const { count, windowS } = deniedBurstOf(await loadPolicy(db, e.compoundId));
  const at = Date.parse(e.occurredAt);
  const from = new Date(at - windowS * 1000).toISOString();
  const to = new Date(at).toISOString();
  const recent = await db.selectFrom('events').select(['type', 'data'])
    .where('gateway_id', '=', e.gatewayId).where('device_id', '=', e.deviceId)
    .where('type', 'in', ['gate.access_granted', 'gate.access_denied'])
    .where('occurred_at', '>=', from).where('occurred_at', '<=', to)
    .orderBy('occurred_at', 'desc').orderBy('seq', 'desc').limit(count).execute();
  if (recent.length < count || recent.some((r) => r.type !== 'gate.access_denied')) return null;
  const methods = [...new Set(recent.map((r) => (JSON.parse(r.data) as Denied['data']).method))].map((m) => methodWords[m] ?? m).join('、');
  const deviceId = `${e.gatewayId}.${e.deviceId}`;
  return {
    compoundId: e.compoundId, gatewayId: e.gatewayId, deviceId, key: `${deviceId}:access_denied_repeated`, kind: 'access_denied_repeated',
    severity: 'high', title: `门禁连续${count}次拒绝开门（${methods}）${e.deviceId}`, source: 'cloud', causeEventId: e.id, snapshotIds: [],
    atMs: at, eventId: e.id,
  };
}
