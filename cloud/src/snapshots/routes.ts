/**
 * Snapshots: gateways upload (PUT, HTTP Basic with the MQTT credentials issued at enrollment),
 * users of that compound list and view them. Raw image bodies are parsed only inside this plugin.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiId, apiSlug, id as wireId, snapshotList, uploadResponse, type Snapshot } from '@yardguard/firmware-config';
import { verifyPassword } from '@yardguard/firmware-config/node';
import { assertCompound, compoundScope, currentUser, requireRole } from '../auth/index.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import type { MediaTable } from '../db/tables-ops.js';
import type { OpsContext } from '../ops.js';
import { snapshotMediaId } from '../alerts/sources.js';
import { imageTypes, type MediaStore } from './media-store.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export const snapshotToApi = (m: MediaTable): Snapshot => ({
  id: m.id, compoundId: m.compound_id, gatewayId: m.gateway_id, deviceId: m.device_id, contentType: m.content_type, bytes: m.bytes,
  takenAt: m.taken_at, url: `/api/snapshots/${encodeURIComponent(m.id)}`,
});

/** Raw image bodies (jpeg, png, webp) as Buffers, only in the plugin that calls this. */
export function acceptImages(app: FastifyInstance): void {
  app.addContentTypeParser(Object.keys(imageTypes), { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES }, (_req, body, done) => done(null, body));
}

const gatewayUnauthorized = () => new HttpError(401, 'UNAUTHENTICATED', 'Gateway credentials are missing or wrong (HTTP Basic with the MQTT user name and password from enrollment).');

async function authenticateGateway(ctx: OpsContext, request: FastifyRequest): Promise<{ id: string; compound_id: string }> {
  const m = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!m) throw gatewayUnauthorized();
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw gatewayUnauthorized();
  const gw = await ctx.db.selectFrom('gateways').select(['id', 'compound_id', 'mqtt_password_hash'])
    .where('mqtt_username', '=', decoded.slice(0, colon)).executeTakeFirst();
  if (!gw || !verifyPassword(decoded.slice(colon + 1), gw.mqtt_password_hash)) throw gatewayUnauthorized();
  return gw;
}

/** Send a stored image after the compound check (used for snapshots and photos). */
export async function sendMedia(media: MediaStore, m: MediaTable, reply: import('fastify').FastifyReply) {
  return reply.header('content-type', m.content_type).header('cache-control', 'private, max-age=86400').send(createReadStream(media.pathOf(m)));
}

export async function snapshotRoutes(app: FastifyInstance, ctx: OpsContext): Promise<void> {
  const { db, media, clock } = ctx;
  await app.register(async (sub) => {
    acceptImages(sub);
    const r = sub.withTypeProvider<ZodTypeProvider>();
    r.put('/api/gateway/snapshots/:snapshotId', {
      schema: {
        tags: ['snapshots'], summary: 'Gateway uploads a snapshot (raw image body)', params: z.object({ snapshotId: wireId }),
        headers: z.object({ 'x-device-id': wireId, 'x-taken-at': z.iso.datetime({ offset: true }).optional() }),
        response: { 201: uploadResponse },
      },
    }, async (request, reply) => {
      const gw = await authenticateGateway(ctx, request);
      if (!Buffer.isBuffer(request.body)) throw badRequest(`body: send the image itself with content-type ${Object.keys(imageTypes).join(', ')}`);
      const takenAt = request.headers['x-taken-at'];
      const row = await media.save({
        id: snapshotMediaId(gw.id, request.params.snapshotId), compoundId: gw.compound_id, kind: 'snapshot', gatewayId: gw.id,
        deviceId: `${gw.id}.${request.headers['x-device-id']}`, contentType: String(request.headers['content-type']).split(';')[0]!,
        data: request.body, takenAtMs: takenAt ? Date.parse(takenAt) : clock.now(),
      }, clock.now());
      return reply.status(201).send({ id: row.id, bytes: row.bytes });
    });
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = [app.authenticate, requireRole('admin', 'manager', 'guard', 'installer')];
  r.get('/api/snapshots', {
    schema: { tags: ['snapshots'], querystring: z.object({ compoundId: apiSlug.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: snapshotList } },
    onRequest: readers,
  }, async (request) => {
    const scope = compoundScope(currentUser(request), request.query.compoundId);
    if (scope.length === 0) return { snapshots: [] };
    const rows = await db.selectFrom('media').selectAll().where('kind', '=', 'snapshot').where('compound_id', 'in', scope)
      .orderBy('taken_at', 'desc').limit(request.query.limit).execute();
    return { snapshots: rows.map(snapshotToApi) };
  });

  r.get('/api/snapshots/:snapshotId', {
    schema: { tags: ['snapshots'], summary: 'The image (users of that compound only)', params: z.object({ snapshotId: apiId }) },
    onRequest: readers,
  }, async (request, reply) => {
    const m = await media.get(request.params.snapshotId);
    if (!m || m.kind !== 'snapshot') throw notFound(`Snapshot ${request.params.snapshotId}`);
    assertCompound(currentUser(request), m.compound_id);
    return sendMedia(media, m, reply);
  });
}
