/** HTTP side of stored images (snapshots and work-order photos): raw image bodies in, files out. */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { MediaTable } from '../db/tables-ops.js';
import { imageTypes, type MediaStore } from './media-store.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Raw image bodies (jpeg, png, webp) as Buffers, only in the plugin that calls this. */
export function acceptImages(app: FastifyInstance): void {
  app.addContentTypeParser(Object.keys(imageTypes), { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES }, (_req, body, done) => done(null, body));
}

/** Send a stored image after the compound check (used for snapshots and photos). */
export async function sendMedia(media: MediaStore, m: MediaTable, reply: FastifyReply) {
  return reply.header('content-type', m.content_type).header('cache-control', 'private, max-age=86400').send(createReadStream(media.pathOf(m)));
}
