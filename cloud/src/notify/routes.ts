/** Robot channels per compound (admin, manager) and the delivery log. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, createNotifyChannelRequest, notificationList, notifyChannel, notifyChannelList, notifyTestResponse, okResponse, pageQuery, updateNotifyChannelRequest,
} from '@yardguard/firmware-config';
import { assertCompound, currentUser, requireRole } from '../auth/index.js';
import type { OpsContext } from '../ops.js';
import { defaultRetry, sendNow } from './queue.js';
import { createChannel, deleteChannel, getChannel, listChannels, listNotifications, updateChannel } from './channels.js';

export async function notifyRoutes(app: FastifyInstance, { db, clock }: OpsContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const managers = [app.authenticate, requireRole('admin', 'manager')];
  const tags = ['notifications'];
  const compoundParams = z.object({ compoundId: apiSlug });
  const channelParams = z.object({ channelId: apiId });

  r.get('/api/compounds/:compoundId/notify-channels', {
    schema: { tags, summary: 'Robot channels of a compound', params: compoundParams, response: { 200: notifyChannelList } }, onRequest: managers,
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return { channels: await listChannels(db, request.params.compoundId) };
  });

  r.post('/api/compounds/:compoundId/notify-channels', {
    schema: { tags, summary: 'Add a WeCom / DingTalk / Feishu robot or a webhook', params: compoundParams, body: createNotifyChannelRequest, response: { 201: notifyChannel } },
    onRequest: managers,
  }, async (request, reply) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return reply.status(201).send(await createChannel(db, request.params.compoundId, request.body, clock.now()));
  });

  r.patch('/api/notify-channels/:channelId', {
    schema: { tags, summary: 'Change a channel', params: channelParams, body: updateNotifyChannelRequest, response: { 200: notifyChannel } }, onRequest: managers,
  }, async (request) => {
    assertCompound(currentUser(request), (await getChannel(db, request.params.channelId)).compound_id);
    return updateChannel(db, request.params.channelId, request.body);
  });

  r.delete('/api/notify-channels/:channelId', {
    schema: { tags, summary: 'Remove a channel', params: channelParams, response: { 200: okResponse } }, onRequest: managers,
  }, async (request) => {
    assertCompound(currentUser(request), (await getChannel(db, request.params.channelId)).compound_id);
    await deleteChannel(db, request.params.channelId);
    return { ok: true as const };
  });

  r.post('/api/notify-channels/:channelId/test', {
    schema: { tags, summary: 'Send a test message now and report what the robot answered', params: channelParams, response: { 200: notifyTestResponse } },
    onRequest: managers,
  }, async (request) => {
    const ch = await getChannel(db, request.params.channelId);
    assertCompound(currentUser(request), ch.compound_id);
    const compound = await db.selectFrom('compounds').select('name').where('id', '=', ch.compound_id).executeTakeFirst();
    const now = new Date(clock.now()).toISOString();
    const error = await sendNow(ch, {
      event: 'test', compoundName: compound?.name ?? null, assigneeName: currentUser(request).displayName,
      alert: { id: 'test', compoundId: ch.compound_id, kind: 'other', severity: 'low', title: 'Yard Guard 通知测试', status: 'new', deviceId: null, count: 1, firstAt: now, escalationLevel: 0 },
    }, defaultRetry.timeoutMs);
    return { delivered: !error, error: error ?? null };
  });

  r.get('/api/compounds/:compoundId/notifications', {
    schema: { tags, summary: 'Delivery log (status, attempts, last error)', params: compoundParams, querystring: pageQuery, response: { 200: notificationList } },
    onRequest: managers,
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return { notifications: await listNotifications(db, request.params.compoundId, request.query.limit) };
  });
}
