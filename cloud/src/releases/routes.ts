/**
 * Over-the-air updates, one Fastify plugin:
 * - GET/POST /api/releases: the releases (POST: the raw `npm run package` tarball; admins);
 * - GET/POST /api/rollouts, POST /api/rollouts/:rolloutId/{stage,pause,resume}: managers roll a
 *   release out per compound or company (one gateway, a percentage, all), pause and resume;
 * - GET /api/gateway/releases/:version (public scope: a gateway with HTTP Basic): the tarball,
 *   with Range so a download resumes after a dropped link;
 * - the rollout driver (rollout.ts), every RolloutTickMs on every instance.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, createRolloutRequest, releaseInfo, releaseList, releaseVersion, rolloutInfo, rolloutList, rolloutStage,
  type ReleaseInfo, type RolloutInfo,
} from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import type { AuthUser } from '../types.js';
import type { ReleasesTable, RolloutsTable } from '../db/tables-releases.js';
import { currentUser } from '../auth/index.js';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { nowIso } from '../db/time.js';
import { gatewayBasicAuth } from '../gateway-hello/routes.js';
import { addReleaseFromBuffer, releaseFile, releaseSize, ReleaseError } from './store.js';
import { allowedTargets, createRollout, driveRollouts, rolloutCompounds } from './rollout.js';

const ROLLOUT_TICK_MS = 1000;
const MAX_RELEASE_BYTES = 300 * 1024 * 1024;

const toRelease = (r: ReleasesTable): ReleaseInfo => ({ version: r.version, sha256: r.sha256, bytes: r.bytes, builtFor: JSON.parse(r.built_for) as Record<string, unknown>, addedBy: r.added_by, addedAt: r.added_at });

/** A user may steer a rollout only when every compound it reaches is theirs (admins: all). */
async function mayControl(ctx: AppContext, user: AuthUser, r: Pick<RolloutsTable, 'scope_kind' | 'scope_id'>): Promise<boolean> {
  if (user.role === 'admin') return true;
  const compounds = await rolloutCompounds(ctx.db, r);
  return compounds.length > 0 && compounds.every((c) => user.compoundIds.includes(c));
}

export async function releasesPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx;
  const r = api.withTypeProvider<ZodTypeProvider>();
  api.addContentTypeParser(['application/gzip', 'application/x-gzip', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_RELEASE_BYTES }, (_req, body, done) => done(null, body));

  r.get('/api/releases', {
    schema: { tags: ['releases'], summary: 'Releases of the edge agent', response: { 200: releaseList } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'none' } },
  }, async () => ({ releases: (await db.selectFrom('releases').selectAll().orderBy('added_at', 'desc').execute()).map(toRelease) }));

  r.post('/api/releases', {
    schema: { tags: ['releases'], summary: 'Add a release (the raw tarball from `npm run package`); it is signed with the cloud key', response: { 201: releaseInfo } },
    config: { auth: { roles: ['admin'], compound: 'none' } },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw badRequest('send the release tarball as the body (Content-Type: application/gzip)');
    try {
      const row = await addReleaseFromBuffer(db, ctx.config.dataDir, request.body, ctx.signingKey, currentUser(request).id);
      request.log.info({ audit: 'release.add', version: row.version, sha256: row.sha256 }, 'release added');
      return reply.status(201).send(toRelease(row));
    } catch (e) {
      if (e instanceof ReleaseError) throw e.message.includes('exists already') ? conflict(e.message) : badRequest(e.message);
      throw e;
    }
  });

  async function rolloutView(row: RolloutsTable): Promise<RolloutInfo> {
    const targets = await db.selectFrom('rollout_targets as t').innerJoin('gateways as g', 'g.id', 't.gateway_id')
      .select(['t.gateway_id', 'g.name', 'g.compound_id', 'g.agent_version', 't.state', 't.from_version', 't.reason', 't.sent_at', 't.finished_at'])
      .where('t.rollout_id', '=', row.id).orderBy('t.position').execute();
    const counts = { pending: 0, sent: 0, updated: 0, rolled_back: 0, failed: 0 };
    for (const t of targets) counts[t.state]++;
    return {
      id: row.id, version: row.version, scope: { kind: row.scope_kind, id: row.scope_id }, stage: row.stage, percent: row.percent, state: row.state,
      pausedReason: row.paused_reason, createdBy: row.created_by, createdAt: row.created_at, counts,
      targets: targets.map((t) => ({
        gatewayId: t.gateway_id, gatewayName: t.name, compoundId: t.compound_id, agentVersion: t.agent_version, state: t.state,
        fromVersion: t.from_version, reason: t.reason, sentAt: t.sent_at, finishedAt: t.finished_at,
      })),
    };
  }

  r.get('/api/rollouts', {
    schema: { tags: ['releases'], summary: 'Rollouts that reach the caller\'s compounds, with each gateway\'s version and progress', response: { 200: rolloutList } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'none' } },
  }, async (request) => {
    const user = currentUser(request);
    const rows = await db.selectFrom('rollouts').selectAll().orderBy('created_at', 'desc').limit(50).execute();
    const visible: RolloutInfo[] = [];
    for (const row of rows) if (await mayControl(ctx, user, row)) visible.push(await rolloutView(row));
    return { rollouts: visible };
  });

  r.post('/api/rollouts', {
    schema: { tags: ['releases'], summary: 'Start a rollout of a release to a compound or a company', body: createRolloutRequest, response: { 201: rolloutInfo } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'handler' } },
  }, async (request, reply) => {
    const user = currentUser(request);
    const b = request.body;
    const scope = b.compoundId ? { scope_kind: 'compound' as const, scope_id: b.compoundId } : { scope_kind: 'company' as const, scope_id: b.companyId! };
    if (!(await mayControl(ctx, user, scope))) throw forbidden(`You may not update every gateway of ${scope.scope_kind} ${scope.scope_id}.`);
    if (!(await db.selectFrom('releases').select('version').where('version', '=', b.version).executeTakeFirst())) throw notFound(`Release ${b.version}`);
    if (b.stage === 'percent' && !b.percent) throw badRequest('body.percent: required for the percent stage');
    const id = await createRollout(db, {
      version: b.version, scopeKind: scope.scope_kind, scopeId: scope.scope_id, stage: b.stage, percent: b.percent ?? 0, healthDeadlineS: b.healthDeadlineS ?? 300,
      createdBy: user.id, downloadBase: `${request.protocol}://${request.host}`,
    });
    request.log.info({ audit: 'rollout.start', rolloutId: id, version: b.version, ...scope, stage: b.stage }, 'rollout started');
    return reply.status(201).send(await rolloutView((await db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirstOrThrow())));
  });

  async function controlled(request: FastifyRequest, rolloutId: string): Promise<RolloutsTable> {
    const row = await db.selectFrom('rollouts').selectAll().where('id', '=', rolloutId).executeTakeFirst();
    if (!row) throw notFound(`Rollout ${rolloutId}`);
    if (!(await mayControl(ctx, currentUser(request), row))) throw forbidden('This rollout reaches compounds that are not yours.');
    return row;
  }
  const params = z.object({ rolloutId: apiId });
  r.post('/api/rollouts/:rolloutId/stage', {
    schema: { tags: ['releases'], summary: 'Move a rollout to its next stage (one gateway, a percentage, all)', params, body: rolloutStage, response: { 200: rolloutInfo } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'handler' } },
  }, async (request) => {
    const row = await controlled(request, request.params.rolloutId);
    const { stage, percent } = request.body;
    if (stage === 'percent' && !percent) throw badRequest('body.percent: required for the percent stage');
    if (row.state === 'done') throw conflict('This rollout is done.');
    const n = 1000;
    if (allowedTargets(stage, percent ?? 0, n) < allowedTargets(row.stage, row.percent, n)) throw badRequest('A rollout only widens: pause it to stop it.');
    await db.updateTable('rollouts').set({ stage, percent: percent ?? row.percent, updated_at: nowIso() }).where('id', '=', row.id).execute();
    request.log.info({ audit: 'rollout.stage', rolloutId: row.id, stage, percent }, 'rollout widened');
    return rolloutView({ ...row, stage, percent: percent ?? row.percent });
  });
  for (const action of ['pause', 'resume'] as const) {
    r.post(`/api/rollouts/:rolloutId/${action}`, {
      schema: { tags: ['releases'], summary: action === 'pause' ? 'Pause a rollout (no more gateways get it)' : 'Resume a paused rollout', params, response: { 200: rolloutInfo } },
      config: { auth: { roles: ['admin', 'manager'], compound: 'handler' } },
    }, async (request) => {
      const row = await controlled(request, request.params.rolloutId);
      if (row.state === 'done') throw conflict('This rollout is done.');
      const next = action === 'pause' ? { state: 'paused' as const, paused_reason: `paused by ${currentUser(request).username}` } : { state: 'running' as const, paused_reason: null };
      // Resuming after a failure retries the failed gateways.
      if (action === 'resume') await db.updateTable('rollout_targets').set({ state: 'pending', reason: null, sent_at: null, finished_at: null, command_id: null }).where('rollout_id', '=', row.id).where('state', 'in', ['failed', 'rolled_back']).execute();
      await db.updateTable('rollouts').set({ ...next, updated_at: nowIso() }).where('id', '=', row.id).execute();
      request.log.info({ audit: `rollout.${action}`, rolloutId: row.id }, `rollout ${action}d`);
      return rolloutView({ ...row, ...next });
    });
  }

  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    driveRollouts({ db, commands: ctx.commands, commandTtlS: Math.max(ctx.config.commandTtlS, 60) })
      .catch((err: unknown) => ctx.log.error({ err }, 'rollout driver failed'))
      .finally(() => (busy = false));
  }, ROLLOUT_TICK_MS);
  timer.unref();
  api.addHook('onClose', async () => clearInterval(timer));
}

/** GET /api/gateway/releases/:version: in the public scope (a gateway: HTTP Basic with its MQTT login). */
export async function releaseDownloadPlugin(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  const authenticate = gatewayBasicAuth(ctx);
  pub.withTypeProvider<ZodTypeProvider>().get('/api/gateway/releases/:version', {
    schema: { tags: ['releases'], summary: 'A gateway downloads a release (Range supported)', security: [], params: z.object({ version: releaseVersion }) },
    config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    await authenticate(request);
    const { version } = request.params;
    const size = releaseSize(ctx.config.dataDir, version);
    if (size === null) throw notFound(`Release ${version}`);
    const m = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    reply.header('accept-ranges', 'bytes').header('content-type', 'application/gzip');
    if (!m) return reply.header('content-length', size).send(createReadStream(releaseFile(ctx.config.dataDir, version)));
    const start = Number(m[1]);
    const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    if (start >= size || start > end) throw new HttpError(416, 'BAD_REQUEST', `Range ${request.headers.range} is outside the ${size} bytes of release ${version}.`);
    return reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', end - start + 1)
      .send(createReadStream(releaseFile(ctx.config.dataDir, version), { start, end }));
  });
}
