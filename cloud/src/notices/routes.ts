/**
 * The notice board (公示栏). Public: GET /api/public/notices/:token (no account; rate limited).
 * Managers: GET/PUT /api/compounds/:compoundId/notice (publish a new version), GET .../notice/history,
 * POST .../notice/rotate (a new address; the old QR code stops working).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiSlug, noticeBoard, noticeContent, noticeHistory, noticeTokenParams, publicNotice } from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import type { AppContext } from '../context.js';
import { getBoard, history, publicView, publish, rotateToken } from './store.js';

const tags = ['notices'];

/** Public: anyone with the QR code (registered in the public scope, rate limited). */
export async function noticePublicPlugin(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, clock } = ctx;
  const r = pub.withTypeProvider<ZodTypeProvider>();

  r.get('/api/public/notices/:token', {
    schema: { tags, summary: 'The public notice board (no account)', security: [], params: noticeTokenParams, response: { 200: publicNotice } },
    config: { rateLimit: { max: Math.max(120, ctx.config.publicRateLimit), timeWindow: '1 minute' } },
  }, async (request, reply) => {
    // Not cached: a replaced address (rotate) must stop working at once, also in a phone's cache.
    void reply.header('cache-control', 'no-store');
    return publicView(db, request.params.token, clock.now());
  });
}

export async function noticesPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, clock } = ctx;
  const r = api.withTypeProvider<ZodTypeProvider>();
  const byCompound = { params: z.object({ compoundId: apiSlug }) };
  const managers = { auth: { roles: ['admin', 'manager'], compound: 'param:compoundId' } } as const;

  r.get('/api/compounds/:compoundId/notice', {
    schema: { tags, summary: 'The board as published, with its public address', ...byCompound, response: { 200: noticeBoard } },
    config: managers,
  }, async (request) => {
    return getBoard(db, request.params.compoundId, clock.now());
  });

  r.put('/api/compounds/:compoundId/notice', {
    schema: { tags, summary: 'Publish a new version', ...byCompound, body: noticeContent, response: { 200: noticeBoard } },
    config: managers,
  }, async (request) => {
    const user = currentUser(request);
    return publish(db, request.params.compoundId, request.body, user.id, clock.now());
  });

  r.get('/api/compounds/:compoundId/notice/history', {
    schema: { tags, summary: 'Every published version, newest first', ...byCompound, response: { 200: noticeHistory } },
    config: { auth: { roles: ['admin', 'manager', 'grid_leader', 'committee', 'community', 'street'], compound: 'param:compoundId' } },
  }, async (request) => {
    return history(db, request.params.compoundId);
  });

  r.post('/api/compounds/:compoundId/notice/rotate', {
    schema: { tags, summary: 'A new public address (the old QR code stops working)', ...byCompound, response: { 200: noticeBoard } },
    config: managers,
  }, async (request) => {
    return rotateToken(db, request.params.compoundId, clock.now());
  });
}
