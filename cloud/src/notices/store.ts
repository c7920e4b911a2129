/**
 * Notice boards: the address token, published versions (the history of what was shown when), and
 * the public view, which adds the live parts (staff on duty, work orders) and leaves out anything
 * personal about residents.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  newId, noticeContent, workOrderCategories, type NoticeBoard, type NoticeContent, type NoticeHistory, type PublicNotice,
} from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { iso } from '../alerts/clock.js';
import { notFound } from '../errors.js';
import { onDuty } from '../shifts/store.js';
import { chinaMonth } from '../reports/month.js';

type Db = Kysely<Database>;

export const noticePath = (token: string): string => `/notice/${token}`;
const emptyContent: NoticeContent = noticeContent.parse({});

async function tokenOf(db: Db, compoundId: string, nowMs: number): Promise<string> {
  const row = await db.selectFrom('notice_boards').select('token').where('compound_id', '=', compoundId).executeTakeFirst();
  if (row) return row.token;
  const token = randomBytes(18).toString('base64url');
  await db.insertInto('notice_boards').values({ compound_id: compoundId, token, created_at: iso(nowMs) })
    .onConflict((oc) => oc.column('compound_id').doNothing()).execute();
  return (await db.selectFrom('notice_boards').select('token').where('compound_id', '=', compoundId).executeTakeFirstOrThrow()).token;
}

async function latest(db: Db, compoundId: string) {
  return db.selectFrom('notice_versions').leftJoin('users', 'users.id', 'notice_versions.published_by')
    .selectAll('notice_versions').select('users.display_name')
    .where('compound_id', '=', compoundId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function getBoard(db: Db, compoundId: string, nowMs: number): Promise<NoticeBoard> {
  const token = await tokenOf(db, compoundId, nowMs);
  const v = await latest(db, compoundId);
  return {
    compoundId, token, path: noticePath(token), version: v?.version ?? 0, publishedAt: v?.published_at ?? null,
    publishedBy: v?.display_name ?? v?.published_by ?? null, content: v ? (JSON.parse(v.content) as NoticeContent) : emptyContent,
  };
}

export async function publish(db: Db, compoundId: string, content: NoticeContent, byUserId: string, nowMs: number): Promise<NoticeBoard> {
  await tokenOf(db, compoundId, nowMs);
  await db.transaction().execute(async (trx) => {
    const prev = await trx.selectFrom('notice_versions').select('version').where('compound_id', '=', compoundId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    await trx.insertInto('notice_versions').values({
      id: newId(), compound_id: compoundId, version: (prev?.version ?? 0) + 1, content: JSON.stringify(content), published_by: byUserId, published_at: iso(nowMs),
    }).execute();
  });
  return getBoard(db, compoundId, nowMs);
}

export async function history(db: Db, compoundId: string): Promise<NoticeHistory> {
  const rows = await db.selectFrom('notice_versions').leftJoin('users', 'users.id', 'notice_versions.published_by')
    .selectAll('notice_versions').select('users.display_name')
    .where('compound_id', '=', compoundId).orderBy('version', 'desc').limit(100).execute();
  return {
    versions: rows.map((r) => ({
      id: r.id, version: r.version, publishedAt: r.published_at, publishedBy: r.published_by, publishedByName: r.display_name ?? null,
      content: JSON.parse(r.content) as NoticeContent,
    })),
  };
}

/** A new address (the old QR code stops working), e.g. after a poster was defaced. */
export async function rotateToken(db: Db, compoundId: string, nowMs: number): Promise<NoticeBoard> {
  await db.deleteFrom('notice_boards').where('compound_id', '=', compoundId).execute();
  return getBoard(db, compoundId, nowMs);
}

const categoryZh = (id: string): string => workOrderCategories.find((c) => c.id === id)?.zh ?? '其他';
/** YYYY-MM-DD in China time. */
const chinaDate = (isoTime: string): string => new Date(Date.parse(isoTime) + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaMonthOf = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);
const sum = (xs: { amount: number }[]): number => Math.round(xs.reduce((a, b) => a + b.amount, 0) * 100) / 100;

/** The public page. Only names of things a notice board shows: never resident names, phones, rooms, free text or photos. */
export async function publicView(db: Db, token: string, nowMs: number): Promise<PublicNotice> {
  const board = await db.selectFrom('notice_boards').select('compound_id').where('token', '=', token).executeTakeFirst();
  if (!board) throw notFound('This notice board');
  const compoundId = board.compound_id;
  const compound = await db.selectFrom('compounds').leftJoin('companies', 'companies.id', 'compounds.company_id')
    .select(['compounds.name', 'compounds.address', 'compounds.community', 'companies.name as company']).where('compounds.id', '=', compoundId).executeTakeFirstOrThrow();
  const v = await latest(db, compoundId);
  const content = v ? (JSON.parse(v.content) as NoticeContent) : emptyContent;
  const duty = await onDuty(db, compoundId, nowMs);
  const phones = duty.length ? await db.selectFrom('users').select(['id', 'phone']).where('id', 'in', duty.map((d) => d.userId)).execute() : [];
  const month = chinaMonthOf(nowMs);
  const { from, to } = chinaMonth(month);
  const open = await db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('compound_id', '=', compoundId).where('stage', '!=', 'verified').executeTakeFirstOrThrow();
  const closed = await db.selectFrom('work_orders').select(['sla_breached']).where('compound_id', '=', compoundId).where('verified_at', '>=', from).where('verified_at', '<', to).execute();
  const recent = await db.selectFrom('work_orders').select(['category', 'stage', 'created_at', 'verified_at'])
    .where('compound_id', '=', compoundId).orderBy('created_at', 'desc').limit(20).execute();
  return {
    compound: { name: compound.name, address: compound.address, community: compound.community ?? null, company: compound.company ?? null },
    publishedAt: v?.published_at ?? null,
    version: v?.version ?? 0,
    content,
    financeTotals: content.finance ? {
      income: sum(content.finance.income), spending: sum(content.finance.spending),
      balance: Math.round((sum(content.finance.income) - sum(content.finance.spending)) * 100) / 100,
    } : null,
    onDuty: duty.map((d) => ({ name: d.displayName ?? '值班员', post: d.postName, phone: phones.find((p) => p.id === d.userId)?.phone ?? null })),
    workOrders: {
      month, open: Number(open.n), closedThisMonth: closed.length,
      onTimeRate: closed.length ? closed.filter((c) => c.sla_breached === 0).length / closed.length : null,
      latest: recent.map((w) => ({ category: categoryZh(w.category), stage: w.stage, createdOn: chinaDate(w.created_at), closedOn: w.verified_at ? chinaDate(w.verified_at) : null })),
    },
    generatedAt: iso(nowMs),
  };
}
