/**
 * Snapshots: gateways upload (PUT, HTTP Basic with the MQTT credentials issued at enrollment),
 * users of that compound list and view them. Raw image bodies are parsed only inside this plugin.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiId, apiSlug, id as wireId, snapshotList, uploadResponse, type Snapshot } from '@yardguard/firmware-config';
import { verifyPasswordAsync } from '@yardguard/firmware-config/node';
import { HttpError, badRequest, notFound } from '../errors.js';
import type { MediaTable } from '../db/tables-ops.js';
import type { AppContext } from '../context.js';
import { compoundVia } from '../http/route-auth.js';
import { snapshotMediaId } from '../alerts/sources.js';
import { imageTypes } from './media-store.js';
import { acceptImages, sendMedia } from './media-http.js';

export const snapshotToApi = (m: MediaTable): Snapshot => ({
  id: m.id, compoundId: m.compound_id, gatewayId: m.gateway_id, deviceId: m.device_id, contentType: m.content_type, bytes: m.bytes,
  takenAt: m.taken_at, url: `/api/snapshots/${encodeURIComponent(m.id)}`,
});

const gatewayUnauthorized = () => new HttpError(401, 'UNAUTHENTICATED', 'Gateway credentials are missing or wrong (HTTP Basic with the MQTT user name and password from enrollment).');

async function authenticateGateway(ctx: AppContext, request: FastifyRequest): Promise<{ id: string; compound_id: string }> {
  const m = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!m) throw gatewayUnauthorized();
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw gatewayUnauthorized();
  const gw = await ctx.db.selectFrom('gateways').select(['id', 'compound_id', 'mqtt_password_hash'])
    .where('mqtt_username', '=', decoded.slice(0, colon)).executeTakeFirst();
  if (!gw || !await verifyPasswordAsync(decoded.slice(colon + 1), gw.mqtt_password_hash)) throw gatewayUnauthorized();
  return gw;
}

const viaSnapshot = compoundVia('snapshot', 'params', 'snapshotId', async (db, id) =>
  (await db.selectFrom('media').select('compound_id').where('id', '=', id).where('kind', '=', 'snapshot').executeTakeFirst())?.compound_id);

/** PUT /api/gateway/snapshots/:id: in the public scope (a gateway, not a user: HTTP Basic with its MQTT credentials). */
export async function snapshotUploadPlugin(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  const { media, clock } = ctx;
  acceptImages(pub);
  const r = pub.withTypeProvider<ZodTypeProvider>();
  r.put('/api/gateway/snapshots/:snapshotId', {
    schema: {
      tags: ['snapshots'], summary: 'Gateway uploads a snapshot (raw image body)', params: z.object({ snapshotId: wireId }),
      headers: z.object({ 'x-device-id': wireId, 'x-taken-at': z.iso.datetime({ offset: true }).optional() }),
      response: { 201: uploadResponse },
    },
    config: { rateLimit: { max: ctx.config.uploadRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const gw = await authenticateGateway(ctx, request);
    if (!Buffer.isBuffer(request.body)) throw badRequest(`body: send the image itself with content-type ${Object.keys(imageTypes).join(', ')}`);
    if (request.body.byteLength > media.limits.compoundMaxBytes) {
      throw new HttpError(413, 'SNAPSHOT_OVER_QUOTA', `This snapshot (${request.body.byteLength} bytes) is larger than the compound's whole snapshot quota (${media.limits.compoundMaxBytes} bytes); lower the camera's snapshot resolution or ask the administrator to raise the quota.`);
    }
    const takenAt = request.headers['x-taken-at'];
    const row = await media.save({
      id: snapshotMediaId(gw.id, request.params.snapshotId), compoundId: gw.compound_id, kind: 'snapshot', gatewayId: gw.id,
      deviceId: `${gw.id}.${request.headers['x-device-id']}`, contentType: String(request.headers['content-type']).split(';')[0]!,
      data: request.body, takenAtMs: takenAt ? Date.parse(takenAt) : clock.now(),
    }, clock.now());
    return reply.status(201).send({ id: row.id, bytes: row.bytes });
  });
}

/** Users of the compound list and view its snapshots. */
export async function snapshotsPlugin(api: FastifyInstance, { db, media }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const readers = ['admin', 'manager', 'guard', 'installer'] as const;
  r.get('/api/snapshots', {
    schema: { tags: ['snapshots'], querystring: z.object({ compoundId: apiSlug.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: snapshotList } },
    config: { auth: { roles: readers, compound: 'scope' } },
  }, async (request) => {
    const scope = request.compoundScope!;
    if (scope.length === 0) return { snapshots: [] };
    const rows = await db.selectFrom('media').selectAll().where('kind', '=', 'snapshot').where('compound_id', 'in', scope)
      .orderBy('taken_at', 'desc').limit(request.query.limit).execute();
    return { snapshots: rows.map(snapshotToApi) };
  });

  r.get('/api/snapshots/:snapshotId', {
    schema: { tags: ['snapshots'], summary: 'The image (users of that compound only)', params: z.object({ snapshotId: apiId }) },
    config: { auth: { roles: readers, compound: viaSnapshot } },
  }, async (request, reply) => {
    const m = await media.get(request.params.snapshotId);
    if (!m || m.kind !== 'snapshot') throw notFound(`Snapshot ${request.params.snapshotId}`);
    return sendMedia(media, m, reply);
  });
}
