/**
 * Realistic demo data: two compounds from the provisioning samples (和兴巷12号院, 建设路88号院),
 * their gateways and devices, and one user per role. Idempotent: existing rows are kept.
 *
 * Both compounds are run by one street-run company (东大街街道 红色物业服务中心), in two communities.
 *
 * Demo accounts (password for every account: `yardguard-demo`):
 *   admin (系统管理员), manager (物业经理, both compounds), guard1 (门岗 和兴巷), guard2 (门岗 建设路),
 *   installer (安装师傅, both), resident1 (和兴巷12号院 大门), resident2 (建设路88号院 北门 + 电动车棚门),
 *   the other teams: service1 (客服保障), repair1 (维修服务), clean1 (环境保洁), finance1 (财务);
 *   the governance side: grid1 / grid2 (支部/网格长 per compound), committee1 / committee2 (业委会/自管会),
 *   community1 / community2 (社区 per community), street (街道, read-only over the whole street);
 *   more residents of all ages: elder1 (张秀兰, 85, living alone, enrolled in care), elder2, tenant1, student1, neighbor1.
 * With history: a month of work orders through the five steps with callbacks, and the notice boards.
 * Demo gateways log in to MQTT as their id with password `demo-<gatewayId>`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import { listDevices, newId, validateSiteConfig, type SiteConfig, type StaffTeam } from '@yardguard/firmware-config';
import { seedGovernanceDemo } from './governance/demo.js';
import { seedDemoCare, seedDemoMonth, seedDemoNotice } from './governance/demo-month.js';
import { hashPassword } from '@yardguard/firmware-config/node';
import type { Database } from './db/database.js';
import type { EventsTable } from './db/tables-core.js';
import { isoAfter, nowIso } from './db/time.js';
import { chinaLocalTime } from './incidents/local-time.js';
import type { Role } from './types.js';
import { saveConfigVersion } from './enrollment/config-store.js';
import { seedOpsDemo } from './shifts/demo.js';

export const DEMO_PASSWORD = 'yardguard-demo';

const require = createRequire(import.meta.url);
export function loadSampleSite(name: 'small-compound' | 'large-compound'): SiteConfig {
  const path = require.resolve(`@yardguard/firmware-config/provisioning/samples/${name}.json`);
  const r = validateSiteConfig(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.ok) throw new Error(`sample ${name} is invalid: ${r.error}`);
  return r.value;
}

export interface DemoData {
  compounds: { small: string; large: string };
  gateways: { small: string; large: string };
  /** username -> user id */
  users: Record<string, string>;
  password: string;
}

interface DemoUser {
  username: string; displayName: string; role: Role; compounds: ('small' | 'large')[]; gates?: string[]; leaseEndsOn?: string;
  phone?: string; team?: StaffTeam;
}

export async function seedDemo(db: Kysely<Database>, opts: { history?: boolean } = {}): Promise<DemoData> {
  const small = loadSampleSite('small-compound');
  const large = loadSampleSite('large-compound');
  const ids = { small: small.compound.id, large: large.compound.id };
  const gws = { small: small.gateway.id, large: large.gateway.id };
  const districts = { small: '管城回族区', large: '管城回族区' };

  for (const [key, site] of [['small', small], ['large', large]] as const) {
    const c = site.compound;
    await db.insertInto('compounds').values({
      id: c.id, name: c.name, address: c.address ?? null, district: districts[key], households: c.households ?? null, created_at: nowIso(),
    }).onConflict((oc) => oc.column('id').doNothing()).execute();
    const gwExists = await db.selectFrom('gateways').select('id').where('id', '=', site.gateway.id).executeTakeFirst();
    if (!gwExists) {
      await db.insertInto('gateways').values({
        id: site.gateway.id, compound_id: c.id, name: site.gateway.name ?? null, public_key: '(demo: not enrolled)',
        mqtt_username: site.gateway.id, mqtt_password_hash: hashPassword(`demo-${site.gateway.id}`), enrolled_at: nowIso(),
        last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0, applied_config_version: 0,
        agent_version: null, hw_model: 'Raspberry Pi 4 Model B',
      }).execute();
      await saveConfigVersion(db, site.gateway.id, site, 'seed-demo');
    }
  }

  // A tenant's lease: a year from seeding (China-local day). A fixed date would lock the demo tenant out once it passed.
  const tenantLeaseEnd = chinaLocalTime(isoAfter(365 * 24 * 3600_000)).slice(0, 10);
  const users: DemoUser[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', compounds: [] },
    { username: 'manager', displayName: '王经理', role: 'manager', compounds: ['small', 'large'], phone: '13838001001' },
    { username: 'guard1', displayName: '李师傅', role: 'guard', compounds: ['small'], phone: '13838001002', team: 'security' },
    { username: 'guard2', displayName: '张师傅', role: 'guard', compounds: ['large'], phone: '13838001003', team: 'security' },
    { username: 'service1', displayName: '周丽', role: 'staff', compounds: ['small', 'large'], phone: '13838001005', team: 'service' },
    { username: 'repair1', displayName: '马师傅', role: 'staff', compounds: ['small', 'large'], phone: '13838001006', team: 'repairs' },
    { username: 'clean1', displayName: '杨阿姨', role: 'staff', compounds: ['small', 'large'], phone: '13838001007', team: 'cleaning' },
    { username: 'finance1', displayName: '郭会计', role: 'staff', compounds: ['small', 'large'], phone: '13838001008', team: 'finance' },
    { username: 'grid1', displayName: '刘书记', role: 'grid_leader', compounds: ['small'], phone: '13938002001' },
    { username: 'grid2', displayName: '何书记', role: 'grid_leader', compounds: ['large'], phone: '13938002002' },
    { username: 'committee1', displayName: '孙大爷', role: 'committee', compounds: ['small'], phone: '13938002003' },
    { username: 'committee2', displayName: '钱阿姨', role: 'committee', compounds: ['large'], phone: '13938002004' },
    { username: 'community1', displayName: '赵主任', role: 'community', compounds: ['small'], phone: '0371-66001234' },
    { username: 'community2', displayName: '吴主任', role: 'community', compounds: ['large'], phone: '0371-66005678' },
    { username: 'street', displayName: '街道办 冯科长', role: 'street', compounds: ['small'] },
    // Residents of all ages (many elderly: 张秀兰 is 85 and lives alone).
    { username: 'elder1', displayName: '张秀兰（85岁，独居）', role: 'resident', compounds: ['small'], phone: '13903710001' },
    { username: 'elder2', displayName: '李德明（78岁）', role: 'resident', compounds: ['small'], phone: '13903710002' },
    { username: 'tenant1', displayName: '王磊（34岁，租户）', role: 'resident', compounds: ['large'], phone: '13903710003', leaseEndsOn: '2027-02-28' },
    { username: 'student1', displayName: '赵小雨（22岁）', role: 'resident', compounds: ['large'], phone: '13903710004' },
    { username: 'neighbor1', displayName: '孙建国（56岁）', role: 'resident', compounds: ['large'], phone: '13903710005' },
    { username: 'installer', displayName: '赵工', role: 'installer', compounds: ['small', 'large'] },
    { username: 'resident1', displayName: '陈阿姨', role: 'resident', compounds: ['small'], gates: [`${gws.small}.gate-main`] },
    { username: 'resident2', displayName: '刘先生', role: 'resident', compounds: ['large'], gates: [`${gws.large}.gate-north`, `${gws.large}.gate-bike`], leaseEndsOn: tenantLeaseEnd },
  ];
  const out: Record<string, string> = {};
  const hash = hashPassword(DEMO_PASSWORD);
  for (const u of users) {
    const existing = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (existing) {
      out[u.username] = existing.id;
      continue;
    }
    const id = newId();
    out[u.username] = id;
    await db.insertInto('users').values({
      id, username: u.username, display_name: u.displayName, role: u.role, password_hash: hash,
      lease_ends_on: u.leaseEndsOn ?? null, disabled: 0, created_at: nowIso(), phone: u.phone ?? null, team: u.team ?? null,
    }).execute();
    for (const c of u.compounds) await db.insertInto('user_compounds').values({ user_id: id, compound_id: ids[c] }).execute();
    for (const g of u.gates ?? []) await db.insertInto('resident_gates').values({ user_id: id, gate_id: g }).execute();
  }
  await seedGovernanceDemo(db, ids);
  if (opts.history !== false) {
    // A month of work: orders through the five steps, callbacks, care, the notice boards.
    const workers = [{ id: out.repair1!, role: 'staff' as const }, { id: out.clean1!, role: 'staff' as const }];
    await seedDemoMonth(db, ids.small, {
      residents: [out.resident1!, out.elder1!, out.elder2!], grid: out.grid1!, worker: [...workers, { id: out.guard1!, role: 'guard' }],
      committee: out.committee1!, community: out.community1!, service: out.service1!,
    }, 12);
    await seedDemoMonth(db, ids.large, {
      residents: [out.resident2!, out.tenant1!, out.student1!, out.neighbor1!], grid: out.grid2!, worker: [...workers, { id: out.guard2!, role: 'guard' }],
      committee: out.committee2!, community: out.community2!, service: out.service1!,
    }, 34);
    await seedDemoCare(db, ids.small, out.elder1!, out.grid1!);
    await seedDemoNotice(db, ids.small, out.manager!, small.compound.households ?? 36);
    await seedDemoNotice(db, ids.large, out.manager!, large.compound.households ?? 446);
    await seedEventHistory(db, small);
    await seedEventHistory(db, large);
  }
  // Guards on a roster, so alerts are routed to the guard on duty rather than straight to the manager.
  await seedOpsDemo(db, Object.values(ids));
  return { compounds: ids, gateways: gws, users: out, password: DEMO_PASSWORD };
}

/**
 * A day of plausible history per gateway (card/face/QR opens at the gates, doors opening and
 * closing, hourly gateway health) so a fresh demo has something to show. Only once per gateway.
 */
async function seedEventHistory(db: Kysely<Database>, site: SiteConfig): Promise<void> {
  const gatewayId = site.gateway.id;
  const any = await db.selectFrom('events').select('id').where('gateway_id', '=', gatewayId).limit(1).executeTakeFirst();
  if (any || site.gates.length === 0) return;
  const now = Date.now();
  const methods = ['card', 'card', 'card', 'face', 'face', 'qr', 'app'] as const;
  const rows: EventsTable[] = [];
  let seq = 0;
  const push = (at: number, deviceId: string, type: string, data: unknown) => {
    seq += 1;
    const iso = new Date(at).toISOString();
    rows.push({ id: newId(), compound_id: site.compound.id, gateway_id: gatewayId, device_id: deviceId, seq, type, occurred_at: iso, received_at: iso, data: JSON.stringify(data) });
  };
  // Busy mornings and evenings, quiet nights: a simple hourly profile (China Standard Time).
  const profile = [1, 0, 0, 0, 0, 1, 4, 9, 7, 4, 3, 4, 5, 4, 3, 3, 4, 7, 9, 7, 5, 4, 3, 2];
  for (let h = 24; h >= 1; h--) {
    const hourStart = now - h * 3600_000;
    const cstHour = new Date(hourStart + 8 * 3600_000).getUTCHours();
    push(hourStart + 60_000, gatewayId, 'gateway.health', {
      uptimeS: 86400 * 12 + (24 - h) * 3600, cpuTempC: 48 + (cstHour % 7), memRssMb: 62, heapUsedMb: 23, memFreeMb: 480, diskFreeMb: 20480,
      outboxDepth: 0, outboxOldestAgeS: 0, outboxDropped: { telemetry: 0, normal: 0, alarm: 0 }, lastAckedSeq: seq, cloudLink: 'up',
      devicesOnline: listDevices(site).length, devicesTotal: listDevices(site).length, brokerClients: site.gates.length,
    });
    const opens = profile[cstHour]! * Math.max(1, Math.round(site.gates.length / 2));
    for (let i = 0; i < opens; i++) {
      const gate = site.gates[(i + h) % site.gates.length]!;
      const at = hourStart + Math.round(((i + 1) / (opens + 1)) * 3600_000);
      const method = methods[(i * 7 + h) % methods.length]!;
      push(at, gate.id, 'gate.access_granted', { method, credentialRef: `${method}:${((i * 2654435761 + h) >>> 0).toString(16).slice(0, 4)}` });
      push(at + 1500, gate.id, 'gate.door_opened', {});
      push(at + 7000, gate.id, 'gate.door_closed', { openForS: 5.5 });
    }
    if (cstHour === 2 && site.gates[0]) push(hourStart + 1800_000, site.gates[0].id, 'gate.access_denied', { method: 'card', reason: 'unknown_credential', credentialRef: 'card:7e1c' });
  }
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('events').values(rows.slice(i, i + 200)).execute();
}
