/**
 * GET/POST /api/users, PATCH /api/users/:userId.
 * Admins manage anyone; managers manage guards, installers and residents of their own compounds.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { apiId, apiSlug, createUserRequest, updateUserRequest, user as userSchema, userList, type User } from '@yardguard/firmware-config';
import { hashPassword } from '@yardguard/firmware-config/node';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { compoundScope, currentUser, assertCompound } from '../auth/index.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { newId } from '@yardguard/firmware-config';
import { nowIso } from '../db/time.js';
import type { AuthUser, Role } from '../types.js';

const MANAGER_MAY_MANAGE: Role[] = ['guard', 'staff', 'installer', 'resident'];

export async function readUser(db: Kysely<Database>, id: string): Promise<User | null> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) return null;
  const compounds = await db.selectFrom('user_compounds').select('compound_id').where('user_id', '=', id).orderBy('compound_id').execute();
  const gates = await db.selectFrom('resident_gates').select('gate_id').where('user_id', '=', id).orderBy('gate_id').execute();
  return {
    id: u.id, username: u.username, displayName: u.display_name, role: u.role,
    compoundIds: compounds.map((c) => c.compound_id), gateIds: gates.map((g) => g.gate_id),
    leaseEndsOn: u.lease_ends_on, phone: u.phone ?? null, team: (u.team ?? null) as User['team'], disabled: u.disabled !== 0, createdAt: u.created_at,
  };
}

function assertMayManage(actor: AuthUser, role: Role, compoundIds: string[]): void {
  if (actor.role === 'admin') return;
  if (!MANAGER_MAY_MANAGE.includes(role)) throw forbidden(`Only an administrator can manage ${role} accounts.`);
  if (compoundIds.length === 0) throw forbidden('Choose at least one of your compounds for this account.');
  for (const c of compoundIds) assertCompound(actor, c);
}

/** An administrator may name any compound, but only one that exists (found by the HTTP body fuzzing: a 500 before). */
async function assertCompoundsExist(db: Kysely<Database>, compoundIds: string[]): Promise<void> {
  if (compoundIds.length === 0) return;
  const found = new Set((await db.selectFrom('compounds').select('id').where('id', 'in', compoundIds).execute()).map((c) => c.id));
  const missing = compoundIds.filter((c) => !found.has(c));
  if (missing.length) throw notFound(`Compound ${missing.join(', ')}`);
}

async function assertGatesInCompounds(db: Kysely<Database>, gateIds: string[], compoundIds: string[]): Promise<void> {
  if (gateIds.length === 0) return;
  const rows = await db.selectFrom('devices').select(['id', 'compound_id']).where('id', 'in', gateIds).where('kind', '=', 'gate').execute();
  for (const g of gateIds) {
    const row = rows.find((r) => r.id === g);
    if (!row) throw notFound(`Gate ${g}`);
    if (!compoundIds.includes(row.compound_id)) throw forbidden(`Gate ${g} is not in the compounds given for this account.`);
  }
}

export async function usersPlugin(api: FastifyInstance, { db, streams }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  // A user account may span several compounds: the handlers check each of them.
  const managers = { auth: { roles: ['admin', 'manager'], compound: 'handler' } } as const;

  r.get('/api/users', {
    schema: { tags: ['users'], summary: 'Users of my compounds', querystring: z.object({ compoundId: apiSlug.optional() }), response: { 200: userList } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'scope' } },
  }, async (request) => {
    const actor = currentUser(request);
    let ids: string[];
    if (actor.role === 'admin' && !request.query.compoundId) {
      ids = (await db.selectFrom('users').select('id').orderBy('username').execute()).map((u) => u.id);
    } else {
      const scope = compoundScope(actor, request.query.compoundId);
      if (scope.length === 0) return { users: [] };
      ids = (await db.selectFrom('user_compounds').select('user_id').distinct().where('compound_id', 'in', scope).execute()).map((u) => u.user_id);
    }
    const users = (await Promise.all(ids.map((id) => readUser(db, id)))).filter((u): u is User => !!u);
    return { users: users.sort((a, b) => a.username.localeCompare(b.username)) };
  });

  r.post('/api/users', {
    schema: { tags: ['users'], summary: 'Create a user', body: createUserRequest, response: { 201: userSchema } },
    config: managers,
  }, async (request, reply) => {
    const actor = currentUser(request);
    const b = request.body;
    assertMayManage(actor, b.role, b.compoundIds);
    await assertCompoundsExist(db, b.compoundIds);
    await assertGatesInCompounds(db, b.gateIds, b.compoundIds);
    const taken = await db.selectFrom('users').select('id').where('username', '=', b.username).executeTakeFirst();
    if (taken) throw conflict(`The user name ${b.username} is already taken.`);
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('users').values({
        id, username: b.username, display_name: b.displayName, role: b.role, password_hash: hashPassword(b.password),
        lease_ends_on: b.leaseEndsOn ?? null, disabled: 0, created_at: nowIso(), phone: b.phone ?? null, team: b.team ?? null,
      }).execute();
      for (const c of b.compoundIds) await tx.insertInto('user_compounds').values({ user_id: id, compound_id: c }).execute();
      for (const g of b.gateIds) await tx.insertInto('resident_gates').values({ user_id: id, gate_id: g }).execute();
    });
    return reply.status(201).send((await readUser(db, id))!);
  });

  r.patch('/api/users/:userId', {
    schema: { tags: ['users'], summary: 'Change a user', params: z.object({ userId: apiId }), body: updateUserRequest, response: { 200: userSchema } },
    config: managers,
  }, async (request) => {
    const actor = currentUser(request);
    const existing = await readUser(db, request.params.userId);
    if (!existing) throw notFound(`User ${request.params.userId}`);
    assertMayManage(actor, existing.role, existing.compoundIds);
    const b = request.body;
    const compoundIds = b.compoundIds ?? existing.compoundIds;
    if (b.compoundIds) {
      assertMayManage(actor, existing.role, b.compoundIds);
      await assertCompoundsExist(db, b.compoundIds);
    }
    if (b.gateIds) await assertGatesInCompounds(db, b.gateIds, compoundIds);
    await db.transaction().execute(async (tx) => {
      const set: Partial<{ display_name: string; password_hash: string; lease_ends_on: string | null; disabled: number; phone: string | null; team: string | null }> = {};
      if (b.phone !== undefined) set.phone = b.phone;
      if (b.team !== undefined) set.team = b.team;
      if (b.displayName !== undefined) set.display_name = b.displayName;
      if (b.password !== undefined) set.password_hash = hashPassword(b.password);
      if (b.leaseEndsOn !== undefined) set.lease_ends_on = b.leaseEndsOn;
      if (b.disabled !== undefined) set.disabled = b.disabled ? 1 : 0;
      if (Object.keys(set).length) await tx.updateTable('users').set(set).where('id', '=', existing.id).execute();
      if (b.compoundIds) {
        await tx.deleteFrom('user_compounds').where('user_id', '=', existing.id).execute();
        for (const c of b.compoundIds) await tx.insertInto('user_compounds').values({ user_id: existing.id, compound_id: c }).execute();
      }
      if (b.gateIds) {
        await tx.deleteFrom('resident_gates').where('user_id', '=', existing.id).execute();
        for (const g of b.gateIds) await tx.insertInto('resident_gates').values({ user_id: existing.id, gate_id: g }).execute();
      }
      // A disabled account, or one whose password a manager reset, loses its sessions at once.
      if (b.disabled || b.password !== undefined) await tx.updateTable('sessions').set({ revoked_at: nowIso() }).where('user_id', '=', existing.id).where('revoked_at', 'is', null).execute();
    });
    // Open live streams of this user are re-checked now, on whichever instance holds them.
    await streams.accessChanged(existing.id);
    return (await readUser(db, existing.id))!;
  });
}
