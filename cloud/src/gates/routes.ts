/** Gates, gate open with a session, the gate-open audit, visitor passes. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, compoundQuery, createVisitorPassRequest, gateList, gateOpenAuditList, gateOpenAuditQuery, gateOpenRequest, gateOpenResponse,
  newId, okResponse, visitorPass, visitorPassList, type VisitorPass,
} from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import type { Selectable } from 'kysely';
import type { VisitorPassesTable } from '../db/tables-core.js';
import { assertCompound, currentUser, leaseValid, loadUser, type LoadedUser } from '../auth/index.js';
import { compoundVia } from '../http/route-auth.js';
import { HttpError, badRequest, forbidden, notFound } from '../errors.js';
import { fromFlag, nowIso } from '../db/time.js';
import { nextBefore, storedTime } from '../db/list-filters.js';
import { humanCode } from '../ids.js';
import type { AuthUser } from '../types.js';
import { findGate, openGate, type GateOpenDeps } from './gate-open.js';

const toPass = (p: Selectable<VisitorPassesTable>): VisitorPass => ({
  id: p.id, code: p.code, gateId: p.gate_id, compoundId: p.compound_id, issuedBy: p.issued_by, visitorName: p.visitor_name,
  validFrom: p.valid_from, validUntil: p.valid_until, maxUses: p.max_uses, uses: p.uses, revoked: p.revoked !== 0, createdAt: p.created_at,
});

/** Residents: only their own gates, only while their lease runs. Staff: gates of their compounds. */
function assertMayUseGate(user: AuthUser, gate: { id: string; compound_id: string; name: string | null }): void {
  assertCompound(user, gate.compound_id);
  if (user.role === 'resident') {
    if (!user.gateIds?.includes(gate.id)) throw forbidden(`You do not have the right to open ${gate.name ?? gate.id}. Ask your property manager to add it.`);
    const lease = (user as LoadedUser).leaseEndsOn ?? null;
    if (!leaseValid(lease)) throw new HttpError(403, 'LEASE_ENDED', `Your gate rights ended with your lease on ${lease}. Please contact your property manager.`);
  } else if (user.role === 'installer') {
    throw forbidden('Installers cannot open gates remotely. Please ask the guard on duty.');
  }
}

// A resident probing other compounds' gate ids learns nothing more than "not yours".
const gateMissing = (user: AuthUser, id: string) =>
  user.role === 'resident' ? forbidden(`You do not have the right to open ${id}.`) : notFound(`Gate ${id}`);
const gateCompound = async (db: AppContext['db'], id: string) =>
  (await db.selectFrom('devices').select('compound_id').where('id', '=', id).where('kind', '=', 'gate').executeTakeFirst())?.compound_id;
const viaGate = compoundVia('gate', 'params', 'gateId', gateCompound, gateMissing);
const viaPassGate = compoundVia('gate', 'body', 'gateId', gateCompound, gateMissing);
const viaPass = compoundVia('visitor pass', 'params', 'passId', async (db, id) =>
  (await db.selectFrom('visitor_passes').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id, () => notFound('This visitor pass'));

/** A resident may hold this many passes in force at once. */
export const MAX_ACTIVE_PASSES_PER_RESIDENT = 10;

/** The instant a lease ends (end of its day, China time). */
const leaseEndMs = (lease: string) => Date.parse(`${lease}T00:00:00+08:00`) + 24 * 3600 * 1000;

/**
 * A pass is as good as its issuer, at every use: disabled, lease ended, no longer in the compound or
 * no longer allowed this gate, and the pass stops working.
 */
async function assertIssuerStillMay(db: AppContext['db'], pass: { issued_by: string; gate_id: string; compound_id: string }): Promise<void> {
  const invalid = () => new HttpError(403, 'PASS_INVALID', 'This visitor pass is no longer valid. Please ask the person you are visiting for a new one.');
  const issuer = await loadUser(db, pass.issued_by);
  if (!issuer || issuer.disabled) throw invalid();
  if (issuer.role !== 'admin' && !issuer.compoundIds.includes(pass.compound_id)) throw invalid();
  if (issuer.role === 'installer') throw invalid();
  if (issuer.role === 'resident' && (!issuer.gateIds?.includes(pass.gate_id) || !leaseValid(issuer.leaseEndsOn))) throw invalid();
}

const openDepsOf = ({ db, config, commands, timeseries }: AppContext): GateOpenDeps => ({
  db, commands, timeoutMs: config.gateOpenTimeoutMs, commandTtlS: config.commandTtlS, timeseries,
});

/** Gates, opening them with a session, the gate-open audit, visitor passes. */
export async function gatesPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx;
  const r = api.withTypeProvider<ZodTypeProvider>();
  const openDeps = openDepsOf(ctx);
  const openers = ['resident', 'guard', 'manager', 'admin'] as const;

  r.get('/api/gates', {
    schema: { tags: ['gates'], summary: 'Gates I may see (residents: the ones they may open)', querystring: compoundQuery, response: { 200: gateList } },
    config: { auth: { roles: 'any', compound: 'scope' } },
  }, async (request) => {
    const user = currentUser(request);
    const scope = request.compoundScope!;
    if (!scope.length) return { gates: [] };
    let q = db.selectFrom('devices').leftJoin('gateways', 'gateways.id', 'devices.gateway_id')
      .selectAll('devices').select('gateways.link_state').where('devices.kind', '=', 'gate').where('devices.compound_id', 'in', scope);
    if (user.role === 'resident') {
      if (!user.gateIds?.length) return { gates: [] };
      q = q.where('devices.id', 'in', user.gateIds);
    }
    const rows = await q.orderBy('devices.compound_id').orderBy('devices.device_id').execute();
    // A gate behind an offline gateway cannot open, whatever the gate last reported: say so before anyone taps.
    const online = (g: (typeof rows)[number]) => (g.link_state === 'online' ? fromFlag(g.online) : false);
    return { gates: rows.map((g) => ({ id: g.id, compoundId: g.compound_id, gatewayId: g.gateway_id, deviceId: g.device_id, name: g.name, online: online(g) })) };
  });

  r.post('/api/gates/:gateId/open', {
    schema: {
      tags: ['gates'], summary: 'Open a gate (signed command, waits for the result)', params: z.object({ gateId: apiId }),
      body: gateOpenRequest.nullish(), response: { 200: gateOpenResponse },
    },
    config: { auth: { roles: openers, compound: viaGate } },
  }, async (request) => {
    const user = currentUser(request);
    const gate = await findGate(db, request.params.gateId);
    assertMayUseGate(user, gate);
    return openGate(openDeps, gate, { userId: user.id, username: user.username, visitorPassId: null, issuedBy: user.id }, request.body?.pulseMs);
  });

  r.get('/api/gate-opens', {
    schema: { tags: ['gates'], summary: 'Gate-open audit trail: filter by compound, gate, user, result, time; newest first, paged', querystring: gateOpenAuditQuery, response: { 200: gateOpenAuditList } },
    config: { auth: { roles: ['admin', 'manager', 'guard'], compound: 'scope' } },
  }, async (request) => {
    const scope = request.compoundScope!;
    const q = request.query;
    if (!scope.length) return { opens: [], nextBefore: null };
    const rows = await db.selectFrom('gate_open_audit').selectAll().where('compound_id', 'in', scope)
      .$if(!!q.gateId, (s) => s.where('gate_id', '=', q.gateId!))
      .$if(!!q.userId, (s) => s.where('user_id', '=', q.userId!))
      .$if(!!q.result, (s) => s.where('result', '=', q.result!))
      .$if(!!q.from, (s) => s.where('requested_at', '>=', storedTime(q.from!)))
      .$if(!!q.to, (s) => s.where('requested_at', '<', storedTime(q.to!)))
      .$if(!!q.before, (s) => s.where('requested_at', '<', storedTime(q.before!)))
      .orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return {
      opens: rows.map((a) => ({
        id: a.id, commandId: a.command_id, compoundId: a.compound_id, gateId: a.gate_id, userId: a.user_id, username: a.username,
        visitorPassId: a.visitor_pass_id, requestedAt: a.requested_at, result: a.result, errorCode: a.error_code, latencyMs: a.latency_ms,
        action: a.action, answeredAt: a.answered_at,
      })),
      nextBefore: nextBefore(rows, q.limit, (a) => a.requested_at),
    };
  });

  r.post('/api/visitor-passes', {
    schema: { tags: ['visitor passes'], summary: 'Issue a visitor pass', body: createVisitorPassRequest, response: { 201: visitorPass } },
    config: { auth: { roles: openers, compound: viaPassGate } },
  }, async (request, reply) => {
    const user = currentUser(request);
    const b = request.body;
    const gate = await findGate(db, b.gateId);
    assertMayUseGate(user, gate);
    const validFrom = new Date(b.validFrom ?? Date.now()).toISOString();
    const validUntil = new Date(b.validUntil).toISOString();
    if (validUntil <= validFrom) throw badRequest('body.validUntil: must be after validFrom');
    const lease = (user as LoadedUser).leaseEndsOn;
    if (user.role === 'resident' && lease && Date.parse(validUntil) > leaseEndMs(lease)) {
      throw badRequest(`body.validUntil: a visitor pass cannot outlast your lease (it ends on ${lease})`);
    }
    if (user.role === 'resident') {
      const active = await db.selectFrom('visitor_passes').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('issued_by', '=', user.id).where('revoked', '=', 0).where('valid_until', '>', nowIso()).executeTakeFirstOrThrow();
      if (Number(active.n) >= MAX_ACTIVE_PASSES_PER_RESIDENT) {
        throw new HttpError(409, 'CONFLICT', `You already have ${MAX_ACTIVE_PASSES_PER_RESIDENT} visitor passes in force. Revoke one you no longer need first.`);
      }
    }
    if (Date.parse(validUntil) - Date.parse(validFrom) > 31 * 24 * 3600 * 1000) throw badRequest('body.validUntil: a visitor pass lasts at most 31 days');
    const row = {
      id: newId(), code: humanCode(), gate_id: gate.id, compound_id: gate.compound_id, issued_by: user.id, visitor_name: b.visitorName ?? null,
      valid_from: validFrom, valid_until: validUntil, max_uses: b.maxUses, created_at: nowIso(),
    };
    await db.insertInto('visitor_passes').values(row).execute();
    return reply.status(201).send(toPass({ ...row, uses: 0, revoked: 0 }));
  });

  r.get('/api/visitor-passes', {
    schema: { tags: ['visitor passes'], summary: 'Visitor passes (residents: their own)', querystring: compoundQuery, response: { 200: visitorPassList } },
    config: { auth: { roles: 'any', compound: 'scope' } },
  }, async (request) => {
    const user = currentUser(request);
    const scope = request.compoundScope!;
    if (!scope.length) return { passes: [] };
    let q = db.selectFrom('visitor_passes').selectAll().where('compound_id', 'in', scope);
    if (user.role === 'resident' || user.role === 'installer') q = q.where('issued_by', '=', user.id);
    const rows = await q.orderBy('created_at', 'desc').limit(500).execute();
    return { passes: rows.map(toPass) };
  });

  r.delete('/api/visitor-passes/:passId', {
    schema: { tags: ['visitor passes'], summary: 'Revoke a visitor pass', params: z.object({ passId: apiId }), response: { 200: okResponse } },
    config: { auth: { roles: 'any', compound: viaPass } },
  }, async (request) => {
    const user = currentUser(request);
    const pass = await db.selectFrom('visitor_passes').selectAll().where('id', '=', request.params.passId).executeTakeFirst();
    if (!pass) throw notFound('This visitor pass');
    if (pass.issued_by !== user.id && !['admin', 'manager'].includes(user.role)) throw forbidden('Only the person who issued this pass or a manager can revoke it.');
    await db.updateTable('visitor_passes').set({ revoked: 1 }).where('id', '=', pass.id).execute();
    return { ok: true as const };
  });
}

/** POST /api/visitor-passes/:code/open: in the public scope (the code is the credential; rate limited). */
export async function passOpenPlugin(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, config } = ctx;
  const r = pub.withTypeProvider<ZodTypeProvider>();
  const openDeps = openDepsOf(ctx);
  r.post('/api/visitor-passes/:code/open', {
    schema: {
      tags: ['visitor passes'], summary: 'A visitor opens the gate with a pass code (no session)', security: [],
      params: z.object({ code: z.string().min(4).max(32) }), response: { 200: gateOpenResponse },
    },
    config: { rateLimit: { max: config.publicRateLimit, timeWindow: '1 minute' } },
  }, async (request) => {
    const code = request.params.code.toUpperCase();
    const pass = await db.selectFrom('visitor_passes').selectAll().where('code', '=', code).executeTakeFirst();
    if (!pass || pass.revoked) throw new HttpError(404, 'PASS_INVALID', 'This visitor pass is not valid. Please ask the person you are visiting for a new one.');
    const now = nowIso();
    await assertIssuerStillMay(db, pass);
    if (now < pass.valid_from) throw new HttpError(403, 'PASS_NOT_YET_VALID', `This visitor pass is valid from ${pass.valid_from}.`);
    if (now >= pass.valid_until) throw new HttpError(403, 'PASS_EXPIRED', 'This visitor pass has expired. Please ask the person you are visiting for a new one.');
    // Count the use atomically: two visitors with one single-use code, one gets in.
    const used = await db.updateTable('visitor_passes').set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', pass.id).where('uses', '<', pass.max_uses).where('revoked', '=', 0).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new HttpError(403, 'PASS_EXHAUSTED', 'This visitor pass has been used up.');
    const gate = await findGate(db, pass.gate_id);
    try {
      return await openGate(openDeps, gate, { userId: null, username: null, visitorPassId: pass.id, issuedBy: `pass:${pass.id}` });
    } catch (e) {
      // The gate never got the command: give the use back.
      if (e instanceof HttpError && e.code === 'GATEWAY_OFFLINE') {
        await db.updateTable('visitor_passes').set((eb) => ({ uses: eb('uses', '-', 1) })).where('id', '=', pass.id).execute();
      }
      throw e;
    }
  });
}
