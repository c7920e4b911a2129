/**
 * The notice board (公示栏). Public: GET /api/public/notices/:token (no account; rate limited).
 * Managers: GET/PUT /api/compounds/:compoundId/notice (publish a new version), GET .../notice/history,
 * POST .../notice/rotate (a new address; the old QR code stops working).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiSlug, noticeBoard, noticeContent, noticeHistory, noticeTokenParams, publicNotice } from '@yardguard/firmware-config';
import { assertCompound, currentUser, requireRole } from '../auth/index.js';
import type { OpsContext } from '../ops.js';
import { getBoard, history, publicView, publish, rotateToken } from './store.js';

const tags = ['notices'];

export async function noticeRoutes(app: FastifyInstance, ctx: OpsContext & { publicRateLimit?: number }): Promise<void> {
  const { db, clock } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const byCompound = { params: z.object({ compoundId: apiSlug }) };
  const managers = [app.authenticate, requireRole('admin', 'manager')];

  r.get('/api/public/notices/:token', {
    schema: { tags, summary: 'The public notice board (no account)', security: [], params: noticeTokenParams, response: { 200: publicNotice } },
    config: { rateLimit: { max: ctx.publicRateLimit ?? 120, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    // Not cached: a replaced address (rotate) must stop working at once, also in a phone's cache.
    void reply.header('cache-control', 'no-store');
    return publicView(db, request.params.token, clock.now());
  });

  r.get('/api/compounds/:compoundId/notice', {
    schema: { tags, summary: 'The board as published, with its public address', ...byCompound, response: { 200: noticeBoard } },
    onRequest: managers,
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return getBoard(db, request.params.compoundId, clock.now());
  });

  r.put('/api/compounds/:compoundId/notice', {
    schema: { tags, summary: 'Publish a new version', ...byCompound, body: noticeContent, response: { 200: noticeBoard } },
    onRequest: managers,
  }, async (request) => {
    const user = currentUser(request);
    assertCompound(user, request.params.compoundId);
    return publish(db, request.params.compoundId, request.body, user.id, clock.now());
  });

  r.get('/api/compounds/:compoundId/notice/history', {
    schema: { tags, summary: 'Every published version, newest first', ...byCompound, response: { 200: noticeHistory } },
    onRequest: [app.authenticate, requireRole('admin', 'manager', 'grid_leader', 'committee', 'community', 'street')],
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return history(db, request.params.compoundId);
  });

  r.post('/api/compounds/:compoundId/notice/rotate', {
    schema: { tags, summary: 'A new public address (the old QR code stops working)', ...byCompound, response: { 200: noticeBoard } },
    onRequest: managers,
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return rotateToken(db, request.params.compoundId, clock.now());
  });
}
