/**
 * A believable month for the demo, generated relative to now: residents of all ages, ~2 repair
 * requests a day per compound moving through the five steps by their real actors (mostly on
 * time, a few late), callbacks by customer service (mostly satisfied), the newest still open at
 * every stage; an elderly resident living alone enrolled in care; both notice boards published.
 * Deterministic (seeded), and only once (skipped when the compound has work orders).
 */
import type { Kysely } from 'kysely';
import type { ApiRole, WorkOrderCategoryId } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { AuthUser } from '../types.js';
import { createWorkOrder, transitionWorkOrder } from '../work-orders/store.js';
import { dueHoursOf } from '../work-orders/flow.js';
import { recordCall } from '../callbacks/store.js';
import { enroll } from '../care/store.js';
import { publish } from '../notices/store.js';

const H = 3_600_000;
const requests: [WorkOrderCategoryId, string, string][] = [
  ['blocked_drain', '下水道返水', '单元一楼'], ['rubbish', '垃圾未及时清运', '垃圾站'], ['lighting', '楼道灯不亮', '楼道'],
  ['parking', '电动车堵住消防通道', '消防通道'], ['fire_risk', '有人从窗户飞线充电', '楼下'], ['roof_leak', '顶楼漏水', '顶楼'],
  ['pothole', '院内路面坑洼', '院内主路'], ['ads_clutter', '墙上小广告', '单元门口'], ['gate_fault', '门禁刷卡没反应', '大门'],
  ['rubbish', '楼顶堆放杂物', '楼顶'], ['lighting', '院内路灯坏了', '院内'], ['blocked_drain', '雨后积水排不出', '院内'],
];

/** A small seeded generator, so the demo month is the same on every start. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const as = (id: string, role: ApiRole): AuthUser => ({ id, username: id, displayName: id, role, compoundIds: [] });

export interface DemoPeople {
  residents: string[];
  grid: string;
  worker: { id: string; role: ApiRole }[];
  committee: string;
  community: string;
  service: string;
}

export async function seedDemoMonth(db: Kysely<Database>, compoundId: string, people: DemoPeople, seed: number, nowMs = Date.now()): Promise<void> {
  const any = await db.selectFrom('work_orders').select('id').where('compound_id', '=', compoundId).limit(1).executeTakeFirst();
  if (any) return;
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let day = 30; day >= 0; day--) {
    const perDay = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < perDay; i++) {
      // Requests come in between 07:00 and 21:00 China time.
      const created = nowMs - day * 24 * H - Math.floor(rand() * 14 * H) - 2 * H;
      if (created > nowMs - 30 * 60_000) continue;
      const [category, title, place] = pick(requests);
      const building = `${1 + Math.floor(rand() * 6)}号楼`;
      const wo = await createWorkOrder(db, { compoundId, category, title: `${building}${title}`, location: `${building}${place}` }, pick(people.residents), created);
      const late = rand() < 0.06;
      const steps: [string, 'dispatched' | 'accepted' | 'supervised' | 'verified', AuthUser, number][] = [];
      const worker = pick(people.worker);
      // Each step well inside its own due time; the whole order inside the category's hours (late: 20% over).
      const budget = dueHoursOf(category) * (late ? 1.2 : 0.5 + rand() * 0.4) * H;
      let t = created + (late ? 2.5 * H : (0.2 + rand() * 1.2) * H);
      steps.push(['dispatch', 'dispatched', as(people.grid, 'grid_leader'), t]);
      t += (0.3 + rand() * 2) * H;
      steps.push(['accept', 'accepted', as(worker.id, worker.role), t]);
      const rest = Math.max(0.5 * H, created + budget - t);
      t += rest * 0.6;
      steps.push(['supervise', 'supervised', as(people.committee, 'committee'), t]);
      t += rest * 0.4;
      steps.push(['verify', 'verified', as(people.community, 'community'), t]);
      let verifiedAt: number | null = null;
      for (const [, to, user, at] of steps) {
        if (at > nowMs) break;
        const moved = await transitionWorkOrder(db, wo.id, { to, ...(to === 'dispatched' && { assigneeId: worker.id }), note: notes[to] }, user, at);
        if (moved.workOrder.stage === 'verified') verifiedAt = at;
      }
      if (verifiedAt !== null && verifiedAt + 6 * H < nowMs) {
        const cb = await db.selectFrom('callbacks').select('id').where('work_order_id', '=', wo.id).executeTakeFirstOrThrow();
        const roll = rand();
        const satisfaction = roll < 0.72 ? 5 : roll < 0.94 ? 4 : roll < 0.98 ? 3 : 2;
        if (rand() < 0.05) await recordCall(db, cb.id, { outcome: 'unreachable' }, people.service, verifiedAt + 5 * H);
        else await recordCall(db, cb.id, { outcome: 'answered', satisfaction, result: satisfaction >= 4 ? '满意，处理及时' : '希望再快一些' }, people.service, verifiedAt + 5 * H);
      }
    }
  }
}

const notes: Record<string, string> = {
  dispatched: '请物业尽快处理', accepted: '已到场处理', supervised: '业委会现场查看，已处理好', verified: '社区验收合格',
};

/** The door contact on her flat door (the small sample's door-b2-101), when the compound's site config has it. */
async function demoDoorContacts(db: Kysely<Database>, compoundId: string): Promise<string[]> {
  const d = await db.selectFrom('devices').select('device_id').where('compound_id', '=', compoundId).where('kind', '=', 'door_contact').where('device_id', '=', 'door-b2-101').executeTakeFirst();
  return d ? [d.device_id] : [];
}

/** 张秀兰, 85, living alone: enrolled with her daughter's number and her flat's door contact; a 平安 check-in expected by 10:00. */
export async function seedDemoCare(db: Kysely<Database>, compoundId: string, residentId: string, byUserId: string, nowMs = Date.now()): Promise<void> {
  const has = await db.selectFrom('care_households').select('id').where('resident_id', '=', residentId).executeTakeFirst();
  if (has) return;
  await enroll(db, {
    compoundId, label: '2号楼1单元101', residentId, credentialRefs: ['card:85a1'], doorContactIds: await demoDoorContacts(db, compoundId), windowHours: 24, checkInBy: '10:00',
    contacts: [{ name: '李娟', relation: '女儿', phone: '13900001111' }, { name: '王大妈', relation: '邻居', phone: '13900002222' }],
    consent: { by: '本人及女儿李娟', note: '2号楼走访时签署关爱服务知情同意书' },
  }, byUserId, nowMs - 20 * 24 * H);
  // She pressed 平安 this morning (the demo should not open with a care alert).
  const today = new Date(nowMs + 8 * H).toISOString().slice(0, 10);
  await db.updateTable('care_households').set({ last_activity_at: new Date(nowMs - H).toISOString(), last_activity_kind: 'check_in', last_check_in_on: today })
    .where('resident_id', '=', residentId).execute();
}

export async function seedDemoNotice(db: Kysely<Database>, compoundId: string, byUserId: string, households: number, nowMs = Date.now()): Promise<void> {
  const has = await db.selectFrom('notice_versions').select('id').where('compound_id', '=', compoundId).limit(1).executeTakeFirst();
  if (has) return;
  const lastMonth = new Date(nowMs + 8 * H);
  lastMonth.setUTCDate(1);
  lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
  const fee = 120;
  await publish(db, compoundId, {
    services: [
      { name: '24小时门岗', detail: '大门秩序维护，夜间巡逻两次' }, { name: '环境保洁', detail: '每日清扫，垃圾日产日清' },
      { name: '维修服务', detail: '水电、门禁、路灯小修，24小时内上门' }, { name: '客服回访', detail: '每件报修办结后电话回访' },
    ],
    fees: [{ item: '物业服务费', standard: `${fee}元/户/年（先服务后收费，试运行3个月免费）` }, { item: '电动车集中充电', standard: '1元/4小时' }],
    phones: [{ label: '报修电话', phone: '0371-66001234' }, { label: '投诉电话', phone: '0371-66005678' }],
    finance: {
      month: lastMonth.toISOString().slice(0, 7),
      income: [{ item: '物业服务费', amount: Math.round(households * fee * 0.82 / 12) }, { item: '充电桩收入', amount: 412 }],
      spending: [{ item: '门岗工资', amount: 2600 }, { item: '保洁工资', amount: 900 }, { item: '公共水电', amount: 318.6 }, { item: '维修材料', amount: 226 }],
    },
    safetyNotices: [
      { title: '严禁飞线充电', body: '电动车请到车棚集中充电，严禁从窗户拉线充电，发现后将劝导并上报。', date: new Date(nowMs + 8 * H - 3 * 24 * H).toISOString().slice(0, 10) },
      { title: '汛期安全提示', body: '雨天请勿在低洼处停车，地下室注意防水。', date: new Date(nowMs + 8 * H - 12 * 24 * H).toISOString().slice(0, 10) },
    ],
    rules: '车辆有序停放，不占消防通道；垃圾分类投放；楼道不堆放杂物。',
  }, byUserId, nowMs - 2 * 24 * H);
}
