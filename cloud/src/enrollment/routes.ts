/**
 * Enrollment: installers create one-time codes for a compound; a blank gateway redeems one
 * (POST /api/enroll, no session) and gets its MQTT credentials, the cloud's signing key and its
 * site config. A code works once and expires.
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiSlug, createEnrollmentCodeRequest, enrollmentCode, enrollmentCodeList, enrollRequest, enrollResponse,
  validateSiteConfig, type EnrollmentCode, type SiteConfig,
} from '@yardguard/firmware-config';
import { hashIssuedSecret } from '@yardguard/firmware-config/node';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/index.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import { isoAfter, nowIso } from '../db/time.js';
import type { EnrollmentCodesTable } from '../db/tables-core.js';
import { humanCode, randomSlug } from '../ids.js';
import { saveConfigVersion } from './config-store.js';

const toCode = (r: EnrollmentCodesTable): EnrollmentCode => ({
  code: r.code, compoundId: r.compound_id, expiresAt: r.expires_at, createdAt: r.created_at, usedAt: r.used_at, gatewayId: r.gateway_id,
});

/** A config for a new gateway: the prepared one with ids filled in, else an empty site. */
export function siteConfigFor(prepared: unknown, compound: { id: string; name: string; address: string | null }, gatewayId: string, gatewayName: string | null): SiteConfig {
  const base = (prepared && typeof prepared === 'object' ? prepared : { version: 1 }) as Record<string, unknown>;
  const input = {
    ...base,
    compound: { ...(base.compound as object | undefined), id: compound.id, name: compound.name, ...(compound.address ? { address: compound.address } : {}) },
    gateway: { ...(base.gateway as object | undefined), id: gatewayId, ...(gatewayName ? { name: gatewayName } : {}) },
  };
  const r = validateSiteConfig(input);
  if (!r.ok) throw badRequest(`The site config is not valid: ${r.error}`);
  return r.value;
}

/** Enrollment codes of a compound (installers, managers, admins). */
export async function enrollmentPlugin(api: FastifyInstance, { db }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const installers = { auth: { roles: ['admin', 'manager', 'installer'], compound: 'param:compoundId' } } as const;
  const compoundParams = z.object({ compoundId: apiSlug });

  r.post('/api/compounds/:compoundId/enrollment-codes', {
    schema: { tags: ['enrollment'], summary: 'Create a one-time enrollment code', params: compoundParams, body: createEnrollmentCodeRequest, response: { 201: enrollmentCode } },
    config: installers,
  }, async (request, reply) => {
    const user = currentUser(request);
    const { compoundId } = request.params;
    const compound = await db.selectFrom('compounds').selectAll().where('id', '=', compoundId).executeTakeFirst();
    if (!compound) throw notFound(`Compound ${compoundId}`);
    const b = request.body;
    // Check a prepared config now, so the installer learns of mistakes before the Pi is on site.
    if (b.siteConfig !== undefined) siteConfigFor(b.siteConfig, compound, 'gw-check', b.gatewayName ?? null);
    const row: EnrollmentCodesTable = {
      code: humanCode(), compound_id: compoundId, created_by: user.id, created_at: nowIso(), expires_at: isoAfter(b.ttlMinutes * 60_000),
      used_at: null, gateway_id: null, gateway_name: b.gatewayName ?? null, site_config: b.siteConfig === undefined ? null : JSON.stringify(b.siteConfig),
    };
    await db.insertInto('enrollment_codes').values(row).execute();
    return reply.status(201).send(toCode(row));
  });

  r.get('/api/compounds/:compoundId/enrollment-codes', {
    schema: { tags: ['enrollment'], summary: 'Enrollment codes of a compound', params: compoundParams, response: { 200: enrollmentCodeList } },
    config: installers,
  }, async (request) => {
    const rows = await db.selectFrom('enrollment_codes').selectAll().where('compound_id', '=', request.params.compoundId).orderBy('created_at', 'desc').limit(200).execute();
    return { codes: rows.map(toCode) };
  });
}

/** POST /api/enroll: in the public scope (the one-time code is the credential; rate limited). */
export async function enrollPublicPlugin(pub: FastifyInstance, deps: AppContext): Promise<void> {
  const { db, log } = deps;
  const r = pub.withTypeProvider<ZodTypeProvider>();

  r.post('/api/enroll', {
    schema: { tags: ['enrollment'], summary: 'A gateway redeems an enrollment code (no session)', security: [], body: enrollRequest, response: { 200: enrollResponse } },
    config: { rateLimit: { max: deps.config.publicRateLimit, timeWindow: '1 minute' } },
  }, async (request) => {
    const b = request.body;
    try {
      const k = createPublicKey(b.publicKey);
      if (k.asymmetricKeyType !== 'ed25519') throw new Error(`key type ${k.asymmetricKeyType}`);
    } catch (e) {
      throw badRequest(`publicKey: must be an Ed25519 public key in PEM (SPKI) form (${(e as Error).message})`);
    }
    const row = await db.selectFrom('enrollment_codes').selectAll().where('code', '=', b.code).executeTakeFirst();
    if (!row) throw new HttpError(404, 'ENROLL_CODE_INVALID', 'This enrollment code does not exist. Check the code or ask for a new one.');
    if (row.used_at) throw new HttpError(409, 'ENROLL_CODE_USED', 'This enrollment code has already been used. Ask for a new one.');
    if (row.expires_at <= nowIso()) throw new HttpError(410, 'ENROLL_CODE_EXPIRED', 'This enrollment code has expired. Ask for a new one.');
    const compound = await db.selectFrom('compounds').selectAll().where('id', '=', row.compound_id).executeTakeFirstOrThrow();

    const gatewayId = randomSlug('gw');
    const password = randomBytes(24).toString('base64url');
    const config = siteConfigFor(row.site_config ? JSON.parse(row.site_config) : undefined, compound, gatewayId, row.gateway_name);
    try {
      // First the broker login (where the broker keeps logins), so the Pi can connect as soon as it has the answer.
      await deps.grantGatewayLogin(gatewayId, password);
    } catch (err) {
      log.error({ err, gatewayId }, 'broker login creation failed');
      throw new HttpError(503, 'BROKER_UNAVAILABLE', `The message broker did not create this gateway's login (${(err as Error).message}). The code is still valid: try again shortly.`);
    }
    const now = nowIso();
    const claimed = await db.transaction().execute(async (tx) => {
      // The WHERE makes the claim atomic: two Pis racing for one code, one wins.
      const res = await tx.updateTable('enrollment_codes').set({ used_at: now, gateway_id: gatewayId })
        .where('code', '=', b.code).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await tx.insertInto('gateways').values({
        id: gatewayId, compound_id: compound.id, name: row.gateway_name, public_key: b.publicKey, mqtt_username: gatewayId,
        mqtt_password_hash: hashIssuedSecret(password), enrolled_at: now, last_ack_at: null, last_acked_seq: 0, link_state: 'never',
        link_changed_at: null, config_version: 0, applied_config_version: 0, agent_version: b.hw.agentVersion ?? null, hw_model: b.hw.model ?? null,
      }).execute();
      return true;
    });
    if (!claimed) {
      await deps.gatewayRevoked(gatewayId).catch((err: unknown) => log.error({ err, gatewayId }, 'unused broker login not removed'));
      throw new HttpError(409, 'ENROLL_CODE_USED', 'This enrollment code has already been used. Ask for a new one.');
    }
    const stored = await saveConfigVersion(db, gatewayId, config, `enroll:${b.code}`);
    log.info({ gatewayId, compoundId: compound.id }, 'gateway enrolled');
    return {
      gatewayId, compoundId: compound.id, mqttUrl: deps.mqttUrlFor(request.hostname), username: gatewayId, password,
      cloudSigningKey: deps.cloudSigningKeyPem, siteConfig: stored, configVersion: stored.configVersion,
      ...(deps.gatewayCaPem ? { caPem: deps.gatewayCaPem } : {}), cloudTime: nowIso(),
    };
  });
}
