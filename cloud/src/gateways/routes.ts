/** Gateways (liveness by acks), devices, events, versioned config pushes, and dead letters (dead-letters.ts). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import {
  apiSlug, commandList, compoundQuery, configVersionInfo, deviceList, eventList, eventsQuery, gateway as gatewaySchema, gatewayList,
  pushConfigRequest, pushConfigResponse, validateSiteConfig, type Device, type Gateway,
} from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import type { DevicesTable, GatewaysTable } from '../db/tables-core.js';
import { currentUser } from '../auth/index.js';
import type { RouteAuth } from '../http/route-auth.js';
import { viaGateway } from './lookups.js';
import { CARE_ONLY_EVENT_TYPES, seesCareEvents } from '../care/privacy.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import { fromFlag } from '../db/time.js';
import { latestConfig, saveConfigVersion } from '../enrollment/config-store.js';
import { deadLetterRoutes } from './dead-letters.js';

export function toGateway(r: Selectable<GatewaysTable>, livenessWindowS: number, now = Date.now()): Gateway {
  const ackAgeS = r.last_ack_at ? Math.max(0, Math.round((now - Date.parse(r.last_ack_at)) / 1000)) : null;
  return {
    id: r.id, compoundId: r.compound_id, name: r.name, enrolledAt: r.enrolled_at, lastAckAt: r.last_ack_at, lastAckedSeq: r.last_acked_seq,
    linkState: r.link_state, linkChangedAt: r.link_changed_at, ackAgeS,
    alive: !r.revoked_at && r.link_state !== 'offline' && ackAgeS !== null && ackAgeS <= livenessWindowS,
    configVersion: r.config_version, appliedConfigVersion: r.applied_config_version, agentVersion: r.agent_version, hwModel: r.hw_model,
    revokedAt: r.revoked_at,
  };
}

export const toDevice = (r: DevicesTable): Device => ({
  id: r.id, compoundId: r.compound_id, gatewayId: r.gateway_id, deviceId: r.device_id, kind: r.kind, name: r.name,
  lastSeenAt: r.last_seen_at, online: fromFlag(r.online),
});

export async function gatewayRow(db: Kysely<Database>, gatewayId: string): Promise<Selectable<GatewaysTable>> {
  const row = await db.selectFrom('gateways').selectAll().where('id', '=', gatewayId).executeTakeFirst();
  if (!row) throw notFound(`Gateway ${gatewayId}`);
  return row;
}

export async function gatewaysPlugin(api: FastifyInstance, deps: AppContext): Promise<void> {
  const { db, config } = deps;
  const r = api.withTypeProvider<ZodTypeProvider>();
  const staff = ['admin', 'manager', 'guard', 'installer'] as const;
  const installers = ['admin', 'manager', 'installer'] as const;
  const auth = (roles: RouteAuth['roles'], compound: RouteAuth['compound']) => ({ auth: { roles, compound } });
  const gwParams = z.object({ gatewayId: apiSlug });

  r.get('/api/gateways', {
    schema: { tags: ['gateways'], summary: 'Gateways with liveness (last acked seq and time)', querystring: compoundQuery, response: { 200: gatewayList } },
    config: auth(staff, 'scope'),
  }, async (request) => {
    const scope = request.compoundScope!;
    if (!scope.length) return { gateways: [] };
    const rows = await db.selectFrom('gateways').selectAll().where('compound_id', 'in', scope).orderBy('compound_id').orderBy('id').execute();
    return { gateways: rows.map((g) => toGateway(g, config.livenessWindowS)) };
  });

  r.get('/api/gateways/:gatewayId', {
    schema: { tags: ['gateways'], summary: 'One gateway', params: gwParams, response: { 200: gatewaySchema } },
    config: auth(staff, viaGateway),
  }, async (request) => {
    const row = await gatewayRow(db, request.params.gatewayId);
    return toGateway(row, config.livenessWindowS);
  });

  r.get('/api/gateways/:gatewayId/config', {
    schema: { tags: ['gateways'], summary: 'The latest config version', params: gwParams, response: { 200: configVersionInfo } },
    config: auth(installers, viaGateway),
  }, async (request) => {
    const row = await gatewayRow(db, request.params.gatewayId);
    const latest = await latestConfig(db, row.id);
    if (!latest) throw notFound(`A config for gateway ${row.id}`);
    return { gatewayId: row.id, version: latest.version, createdAt: latest.createdAt, createdBy: latest.createdBy, config: latest.config };
  });

  r.put('/api/gateways/:gatewayId/config', {
    schema: { tags: ['gateways'], summary: 'Store a new config version and push it (signed config.push)', params: gwParams, body: pushConfigRequest, response: { 200: pushConfigResponse } },
    config: auth(installers, viaGateway),
  }, async (request) => {
    const user = currentUser(request);
    const row = await gatewayRow(db, request.params.gatewayId);
    const v = validateSiteConfig(request.body.config);
    if (!v.ok) throw badRequest(`config: ${v.error}`);
    if (v.value.gateway.id !== row.id) throw badRequest(`config.gateway.id: must be ${row.id} (this gateway), not ${v.value.gateway.id}`);
    if (v.value.compound.id !== row.compound_id) throw badRequest(`config.compound.id: must be ${row.compound_id}, not ${v.value.compound.id}`);
    const stored = await saveConfigVersion(db, row.id, v.value, user.id);
    let sent = true;
    try {
      await deps.configSync.push(row.id, user.id);
    } catch (err) {
      request.log.warn({ err, gatewayId: row.id }, 'config push not sent');
      sent = false;
    }
    return { configVersion: stored.configVersion, sent };
  });

  r.get('/api/gateways/:gatewayId/commands', {
    schema: { tags: ['gateways'], summary: 'Commands sent to this gateway, newest first', params: gwParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), response: { 200: commandList } },
    config: auth(staff, viaGateway),
  }, async (request) => {
    const row = await gatewayRow(db, request.params.gatewayId);
    const rows = await db.selectFrom('commands').selectAll().where('gateway_id', '=', row.id).orderBy('issued_at', 'desc').limit(request.query.limit).execute();
    return {
      commands: rows.map((c) => {
        const result = c.result ? (JSON.parse(c.result) as { outcome?: string; error?: { code?: string }; latencyMs?: number }) : null;
        return {
          id: c.id, gatewayId: c.gateway_id, deviceId: c.device_id, action: c.action, issuedBy: c.issued_by, issuedAt: c.issued_at,
          expiresAt: c.expires_at, status: c.status, completedAt: c.completed_at, outcome: result?.outcome ?? null,
          errorCode: result?.error?.code ?? null, latencyMs: result?.latencyMs ?? null, lateAnswer: c.late_answer === 1,
        };
      }),
    };
  });

  r.post('/api/gateways/:gatewayId/revoke', {
    schema: { tags: ['gateways'], summary: 'Revoke a lost or stolen gateway: its MQTT login and batches are refused', params: gwParams, response: { 200: gatewaySchema } },
    config: auth(installers, viaGateway),
  }, async (request) => {
    const row = await gatewayRow(db, request.params.gatewayId);
    const now = new Date().toISOString();
    // The hash can never match a password: the old credentials are dead even if revocation were undone.
    await db.updateTable('gateways').set({ revoked_at: now, mqtt_password_hash: `revoked$${now}`, link_state: 'offline', link_changed_at: now })
      .where('id', '=', row.id).execute();
    try {
      await deps.gatewayRevoked(row.id);
    } catch (err) {
      // The cloud already refuses it; the broker login must go too, so the installer retries.
      request.log.error({ err, gatewayId: row.id }, 'broker login removal failed');
      throw new HttpError(503, 'BROKER_UNAVAILABLE', `Gateway ${row.id} is revoked in the cloud, but its broker login could not be deleted (${(err as Error).message}). Revoke again when the broker is back.`);
    }
    request.log.warn({ gatewayId: row.id, by: currentUser(request).id }, 'gateway revoked');
    return toGateway(await gatewayRow(db, row.id), config.livenessWindowS);
  });

  deadLetterRoutes(api, deps, installers);

  r.get('/api/devices', {
    schema: { tags: ['gateways'], summary: 'Devices of my compounds', querystring: compoundQuery, response: { 200: deviceList } },
    config: auth(staff, 'scope'),
  }, async (request) => {
    const scope = request.compoundScope!;
    if (!scope.length) return { devices: [] };
    const rows = await db.selectFrom('devices').selectAll().where('compound_id', 'in', scope).orderBy('gateway_id').orderBy('device_id').execute();
    return { devices: rows.map(toDevice) };
  });

  r.get('/api/events', {
    schema: { tags: ['events'], summary: 'Stored events, newest first', querystring: eventsQuery, response: { 200: eventList } },
    config: auth(staff, 'scope'),
  }, async (request) => {
    const q = request.query;
    const scope = request.compoundScope!;
    if (!scope.length) return { events: [] };
    let query = db.selectFrom('events').selectAll().where('compound_id', 'in', scope);
    // A household door contact's activity is for the care roles only (care/privacy.ts).
    if (!seesCareEvents(currentUser(request).role)) query = query.where('type', 'not in', CARE_ONLY_EVENT_TYPES);
    if (q.gatewayId) query = query.where('gateway_id', '=', q.gatewayId);
    if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
    if (q.type) query = query.where('type', '=', q.type);
    if (q.before) query = query.where('occurred_at', '<', new Date(q.before).toISOString());
    const rows = await query.orderBy('occurred_at', 'desc').limit(q.limit).execute();
    return {
      events: rows.map((e) => ({
        id: e.id, compoundId: e.compound_id, gatewayId: e.gateway_id, deviceId: e.device_id, seq: e.seq, type: e.type,
        occurredAt: e.occurred_at, receivedAt: e.received_at, data: JSON.parse(e.data) as unknown,
      })),
    };
  });
}
