/**
 * Rollouts: a release goes to the gateways of one compound or of one company in stages — one
 * gateway, then a percentage, then all — and may be paused and resumed. A driver (every instance
 * runs it; a conditional update claims each send, so a command goes out once) sends agent.update
 * to the targets the stage allows that are online, then follows them:
 * - `updated` when the gateway reports gateway.started with the new version (gateways.agent_version);
 * - `rolled_back` when it reports gateway.started {update: rolled_back} for this version, with why;
 * - `failed` when it refused the command (signature, download, sha256, unpack), with its message.
 * A rollback or a failure pauses the rollout: nobody else gets a release that broke a gateway.
 */
import type { Kysely } from 'kysely';
import { newId, type AgentUpdateParams, type CommandAction } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { RolloutsTable } from '../db/tables-releases.js';
import type { CommandService } from '../commands/command-service.js';
import { nowIso } from '../db/time.js';

export type Stage = RolloutsTable['stage'];

/** How many targets a stage allows out of `n`. */
export function allowedTargets(stage: Stage, percent: number, n: number): number {
  if (stage === 'one') return Math.min(1, n);
  if (stage === 'all') return n;
  return Math.min(n, Math.max(1, Math.ceil((n * percent) / 100)));
}

/** The compounds a rollout reaches (its own, or every compound of its company). */
export async function rolloutCompounds(db: Kysely<Database>, r: Pick<RolloutsTable, 'scope_kind' | 'scope_id'>): Promise<string[]> {
  if (r.scope_kind === 'compound') return [r.scope_id];
  return (await db.selectFrom('compounds').select('id').where('company_id', '=', r.scope_id).execute()).map((c) => c.id);
}

export async function createRollout(db: Kysely<Database>, input: {
  version: string; scopeKind: RolloutsTable['scope_kind']; scopeId: string; stage: Stage; percent: number; healthDeadlineS: number; createdBy: string; downloadBase: string;
}): Promise<string> {
  const id = newId();
  const now = nowIso();
  const compounds = await rolloutCompounds(db, { scope_kind: input.scopeKind, scope_id: input.scopeId });
  const gateways = compounds.length === 0 ? [] : await db.selectFrom('gateways').select(['id', 'agent_version']).where('compound_id', 'in', compounds).where('revoked_at', 'is', null).orderBy('id').execute();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('rollouts').values({
      id, version: input.version, scope_kind: input.scopeKind, scope_id: input.scopeId, stage: input.stage, percent: input.percent, state: 'running', paused_reason: null,
      health_deadline_s: input.healthDeadlineS, download_base: input.downloadBase, created_by: input.createdBy, created_at: now, updated_at: now,
    }).execute();
    for (const [i, g] of gateways.entries()) {
      // A gateway already on this version counts as updated from the start.
      const already = g.agent_version === input.version;
      await tx.insertInto('rollout_targets').values({
        rollout_id: id, gateway_id: g.id, position: i, state: already ? 'updated' : 'pending', from_version: g.agent_version, command_id: null, reason: null, sent_at: null, finished_at: already ? now : null,
      }).execute();
    }
  });
  return id;
}

export interface RolloutDriverDeps {
  db: Kysely<Database>;
  commands: Pick<CommandService, 'send'>;
  commandTtlS: number;
}

/** One pass over the running rollouts: follow the sent targets, pause on trouble, send what the stage allows. */
export async function driveRollouts(deps: RolloutDriverDeps): Promise<void> {
  const { db } = deps;
  const running = await db.selectFrom('rollouts').selectAll().where('state', '=', 'running').execute();
  for (const r of running) {
    await followTargets(db, r);
    const trouble = await db.selectFrom('rollout_targets').select(['gateway_id', 'state', 'reason']).where('rollout_id', '=', r.id).where('state', 'in', ['rolled_back', 'failed']).executeTakeFirst();
    if (trouble) {
      await db.updateTable('rollouts').set({ state: 'paused', paused_reason: `${trouble.gateway_id} ${trouble.state === 'rolled_back' ? 'rolled back' : 'failed'}: ${trouble.reason ?? ''}`.slice(0, 500), updated_at: nowIso() })
        .where('id', '=', r.id).where('state', '=', 'running').execute();
      continue;
    }
    const targets = await db.selectFrom('rollout_targets as t').innerJoin('gateways as g', 'g.id', 't.gateway_id')
      .select(['t.gateway_id', 't.position', 't.state', 'g.link_state', 'g.agent_version']).where('t.rollout_id', '=', r.id).orderBy('t.position').execute();
    const allowed = allowedTargets(r.stage, r.percent, targets.length);
    const release = await db.selectFrom('releases').selectAll().where('version', '=', r.version).executeTakeFirst();
    if (!release) continue;
    for (const t of targets.slice(0, allowed)) {
      if (t.state !== 'pending' || t.link_state !== 'online') continue;
      // Claim: only one instance sends to this target.
      const claimed = await db.updateTable('rollout_targets').set({ state: 'sent', sent_at: nowIso(), from_version: t.agent_version })
        .where('rollout_id', '=', r.id).where('gateway_id', '=', t.gateway_id).where('state', '=', 'pending').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue;
      const params: AgentUpdateParams = {
        version: release.version, sha256: release.sha256, bytes: release.bytes, signature: release.signature, healthDeadlineS: r.health_deadline_s,
        url: `${r.download_base}/api/gateway/releases/${encodeURIComponent(release.version)}`,
      };
      const action: CommandAction = { action: 'agent.update', params };
      const cmd = await deps.commands.send({ gatewayId: t.gateway_id, deviceId: t.gateway_id, issuedBy: r.created_by, ttlS: deps.commandTtlS, action });
      await db.updateTable('rollout_targets').set({ command_id: cmd.id }).where('rollout_id', '=', r.id).where('gateway_id', '=', t.gateway_id).execute();
    }
    if (r.stage === 'all' && targets.length > 0 && targets.every((t) => t.state === 'updated')) {
      await db.updateTable('rollouts').set({ state: 'done', updated_at: nowIso() }).where('id', '=', r.id).where('state', '=', 'running').execute();
    }
  }
}

async function followTargets(db: Kysely<Database>, r: RolloutsTable): Promise<void> {
  const sent = await db.selectFrom('rollout_targets as t').innerJoin('gateways as g', 'g.id', 't.gateway_id')
    .select(['t.gateway_id', 't.sent_at', 't.command_id', 'g.agent_version']).where('t.rollout_id', '=', r.id).where('t.state', '=', 'sent').execute();
  for (const t of sent) {
    const done = (state: 'updated' | 'rolled_back' | 'failed', reason: string | null) =>
      db.updateTable('rollout_targets').set({ state, reason, finished_at: nowIso() }).where('rollout_id', '=', r.id).where('gateway_id', '=', t.gateway_id).where('state', '=', 'sent').execute();
    const starts = await db.selectFrom('events').select(['data']).where('gateway_id', '=', t.gateway_id).where('type', '=', 'gateway.started')
      .where('received_at', '>=', t.sent_at ?? '').orderBy('seq', 'desc').limit(20).execute();
    const reports = starts.map((e) => JSON.parse(e.data) as { agentVersion?: string; update?: { to?: string; outcome?: string; reason?: string } });
    const back = reports.find((d) => d.update?.outcome === 'rolled_back' && d.update.to === r.version);
    if (back) {
      await done('rolled_back', back.update?.reason ?? 'rolled back (no reason given)');
      continue;
    }
    if (t.agent_version === r.version && reports.some((d) => d.agentVersion === r.version)) {
      await done('updated', null);
      continue;
    }
    if (t.command_id) {
      const c = await db.selectFrom('commands').select(['status', 'result']).where('id', '=', t.command_id).executeTakeFirst();
      if (c?.status === 'error') {
        const err = (JSON.parse(c.result ?? '{}') as { error?: { code?: string; message?: string } }).error;
        await done('failed', `${err?.code ?? 'error'}: ${err?.message ?? ''}`.slice(0, 500));
      }
    }
  }
}
