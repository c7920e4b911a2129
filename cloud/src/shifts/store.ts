/** Posts, rosters, swaps, handover notes and "who is on duty" (used by alert routing). */
import type { Kysely } from 'kysely';
import { newId, type CreateRosterRequest, type CreateSwapRequest, type HandoverNote, type OnDutyGuard, type Post, type Roster, type Shift, type ShiftSwap } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { RostersTable } from '../db/tables-ops.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { iso } from '../alerts/clock.js';
import { patternShiftHours, shiftAt, shiftsBetween, shiftStartingAt, type RosterSpec, type ShiftSlot } from './rotation.js';

type Db = Kysely<Database>;

const toSpec = (r: RostersTable): RosterSpec => ({
  id: r.id, postId: r.post_id, shiftHours: r.shift_hours, anchorMs: Date.parse(r.anchor_at),
  validUntilMs: r.valid_until ? Date.parse(r.valid_until) : null, guardIds: JSON.parse(r.guard_ids) as string[],
});

export const rosterToApi = (r: RostersTable): Roster => ({
  id: r.id, postId: r.post_id, compoundId: r.compound_id, pattern: r.pattern, shiftHours: r.shift_hours,
  anchorAt: r.anchor_at, validUntil: r.valid_until, guardIds: JSON.parse(r.guard_ids) as string[], createdAt: r.created_at,
});

const slotToApi = (s: ShiftSlot): Shift => ({
  postId: s.postId, rosterId: s.rosterId, startsAt: iso(s.startsAtMs), endsAt: iso(s.endsAtMs), guardId: s.guardId, swappedFrom: s.swappedFrom,
});

export async function getPost(db: Db, postId: string) {
  const p = await db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirst();
  if (!p) throw notFound(`Post ${postId}`);
  return p;
}

export async function createPost(db: Db, compoundId: string, name: string, nowMs: number): Promise<Post> {
  const row = { id: newId(), compound_id: compoundId, name, created_at: iso(nowMs) };
  await db.insertInto('posts').values(row).execute();
  return { id: row.id, compoundId, name, createdAt: row.created_at };
}

export async function listPosts(db: Db, compoundId: string): Promise<Post[]> {
  const rows = await db.selectFrom('posts').selectAll().where('compound_id', '=', compoundId).orderBy('name').execute();
  return rows.map((p) => ({ id: p.id, compoundId: p.compound_id, name: p.name, createdAt: p.created_at }));
}

/** Guards named in a roster must be guard (or manager) accounts of that compound. */
async function assertGuardsOfCompound(db: Db, compoundId: string, userIds: string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  const found = await db.selectFrom('users').innerJoin('user_compounds', 'user_compounds.user_id', 'users.id')
    .select(['users.id', 'users.role']).where('user_compounds.compound_id', '=', compoundId).where('users.id', 'in', unique).execute();
  for (const id of unique) {
    const u = found.find((f) => f.id === id);
    if (!u) throw badRequest(`guardIds: user ${id} is not a member of compound ${compoundId}`);
    if (u.role !== 'guard' && u.role !== 'manager') throw badRequest(`guardIds: user ${id} is a ${u.role}, not a guard`);
  }
}

export async function createRoster(db: Db, postId: string, req: CreateRosterRequest, nowMs: number): Promise<Roster> {
  const post = await getPost(db, postId);
  await assertGuardsOfCompound(db, post.compound_id, req.guardIds);
  const row: RostersTable = {
    id: newId(), post_id: postId, compound_id: post.compound_id, pattern: req.pattern,
    shift_hours: patternShiftHours(req.pattern, req.shiftHours), anchor_at: new Date(req.anchorAt).toISOString(),
    valid_until: req.validUntil ? new Date(req.validUntil).toISOString() : null, guard_ids: JSON.stringify(req.guardIds), created_at: iso(nowMs),
  };
  await db.insertInto('rosters').values(row).execute();
  return rosterToApi(row);
}

export async function listRosters(db: Db, postId: string): Promise<Roster[]> {
  const rows = await db.selectFrom('rosters').selectAll().where('post_id', '=', postId).orderBy('created_at').execute();
  return rows.map(rosterToApi);
}

export async function getRoster(db: Db, rosterId: string): Promise<RostersTable> {
  const r = await db.selectFrom('rosters').selectAll().where('id', '=', rosterId).executeTakeFirst();
  if (!r) throw notFound(`Roster ${rosterId}`);
  return r;
}

export async function deleteRoster(db: Db, rosterId: string): Promise<void> {
  await db.deleteFrom('shift_swaps').where('roster_id', '=', rosterId).execute();
  await db.deleteFrom('rosters').where('id', '=', rosterId).execute();
}

async function swapsOf(db: Db, rosterIds: string[]): Promise<Map<string, Map<number, string>>> {
  const out = new Map<string, Map<number, string>>();
  if (rosterIds.length === 0) return out;
  const rows = await db.selectFrom('shift_swaps').select(['roster_id', 'shift_starts_at', 'to_guard_id']).where('roster_id', 'in', rosterIds).execute();
  for (const s of rows) {
    const m = out.get(s.roster_id) ?? new Map<number, string>();
    m.set(Date.parse(s.shift_starts_at), s.to_guard_id);
    out.set(s.roster_id, m);
  }
  return out;
}

export async function schedule(db: Db, postId: string, fromMs: number, toMs: number): Promise<Shift[]> {
  if (toMs - fromMs > 92 * 86_400_000) throw badRequest('to: the schedule window is at most 92 days');
  const rosters = await db.selectFrom('rosters').selectAll().where('post_id', '=', postId).execute();
  const swaps = await swapsOf(db, rosters.map((r) => r.id));
  return rosters
    .flatMap((r) => shiftsBetween(toSpec(r), fromMs, toMs, swaps.get(r.id)))
    .sort((a, b) => a.startsAtMs - b.startsAtMs)
    .map(slotToApi);
}

/** Hand one shift to another guard. `actor` must be the shift's guard unless `actorIsManager`. */
export async function createSwap(db: Db, req: CreateSwapRequest, actor: { id: string; isManager: boolean }, nowMs: number): Promise<ShiftSwap> {
  const roster = await getRoster(db, req.rosterId);
  const startsAtMs = Date.parse(req.shiftStartsAt);
  const rostered = shiftStartingAt(toSpec(roster), startsAtMs);
  if (!rostered) throw badRequest('shiftStartsAt: no shift of this roster starts at that time');
  const existing = await db.selectFrom('shift_swaps').selectAll().where('roster_id', '=', roster.id).where('shift_starts_at', '=', iso(startsAtMs)).executeTakeFirst();
  const currentGuard = existing?.to_guard_id ?? rostered.guardId;
  if (!actor.isManager && actor.id !== currentGuard) throw conflict('Only the guard of that shift (or a manager) can hand it over.');
  if (req.toGuardId === currentGuard) throw badRequest('toGuardId: that guard already has this shift');
  await assertGuardsOfCompound(db, roster.compound_id, [req.toGuardId]);
  const row = {
    id: newId(), roster_id: roster.id, shift_starts_at: iso(startsAtMs), from_guard_id: currentGuard, to_guard_id: req.toGuardId,
    reason: req.reason ?? null, created_by: actor.id, created_at: iso(nowMs),
  };
  // A later swap of the same shift replaces the earlier one (unique per roster + start).
  await db.deleteFrom('shift_swaps').where('roster_id', '=', roster.id).where('shift_starts_at', '=', row.shift_starts_at).execute();
  await db.insertInto('shift_swaps').values(row).execute();
  return {
    id: row.id, rosterId: row.roster_id, shiftStartsAt: row.shift_starts_at, fromGuardId: row.from_guard_id, toGuardId: row.to_guard_id,
    reason: row.reason, createdBy: row.created_by, createdAt: row.created_at,
  };
}

/** The guards on duty at a compound at time t, ordered by post name then roster (the routing order). */
export async function onDuty(db: Db, compoundId: string, t: number): Promise<OnDutyGuard[]> {
  const rosters = await db.selectFrom('rosters').innerJoin('posts', 'posts.id', 'rosters.post_id')
    .selectAll('rosters').select('posts.name as post_name')
    .where('rosters.compound_id', '=', compoundId).where('rosters.anchor_at', '<=', iso(t))
    .orderBy('posts.name').orderBy('rosters.created_at').execute();
  const swaps = await swapsOf(db, rosters.map((r) => r.id));
  const slots = rosters.flatMap((r) => {
    const s = shiftAt(toSpec(r), t, swaps.get(r.id));
    return s ? [{ s, postName: r.post_name }] : [];
  });
  const ids = [...new Set(slots.map((x) => x.s.guardId))];
  const users = ids.length ? await db.selectFrom('users').select(['id', 'display_name', 'disabled']).where('id', 'in', ids).execute() : [];
  const seen = new Set<string>();
  const out: OnDutyGuard[] = [];
  for (const { s, postName } of slots) {
    const u = users.find((x) => x.id === s.guardId);
    if (!u || u.disabled || seen.has(u.id)) continue;
    seen.add(u.id);
    out.push({ userId: u.id, displayName: u.display_name, postId: s.postId, postName, startsAt: iso(s.startsAtMs), endsAt: iso(s.endsAtMs) });
  }
  return out;
}

export async function addHandoverNote(db: Db, postId: string, authorId: string, text: string, nowMs: number): Promise<HandoverNote> {
  const post = await getPost(db, postId);
  const row = { id: newId(), post_id: postId, compound_id: post.compound_id, author_id: authorId, text, created_at: iso(nowMs) };
  await db.insertInto('handover_notes').values(row).execute();
  const u = await db.selectFrom('users').select('display_name').where('id', '=', authorId).executeTakeFirst();
  return { id: row.id, postId, compoundId: row.compound_id, authorId, authorName: u?.display_name ?? null, text, createdAt: row.created_at };
}

export async function listHandoverNotes(db: Db, postId: string, limit: number): Promise<HandoverNote[]> {
  const rows = await db.selectFrom('handover_notes').leftJoin('users', 'users.id', 'handover_notes.author_id')
    .selectAll('handover_notes').select('users.display_name')
    .where('post_id', '=', postId).orderBy('handover_notes.created_at', 'desc').limit(limit).execute();
  return rows.map((n) => ({ id: n.id, postId: n.post_id, compoundId: n.compound_id, authorId: n.author_id, authorName: n.display_name, text: n.text, createdAt: n.created_at }));
}
