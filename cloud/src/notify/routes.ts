/** Robot channels per compound (admin, manager) and the delivery log. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, createNotifyChannelRequest, notificationList, notifyChannel, notifyChannelList, notifyTestResponse, okResponse, pageQuery, updateNotifyChannelRequest,
} from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import type { AppContext } from '../context.js';
import { compoundVia } from '../http/route-auth.js';
import { defaultRetry, sendNow } from './queue.js';
import { createChannel, deleteChannel, getChannel, listChannels, listNotifications, updateChannel } from './channels.js';

const viaChannel = compoundVia('notification channel', 'params', 'channelId', async (db, id) =>
  (await db.selectFrom('notify_channels').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export async function notifyPlugin(api: FastifyInstance, { db, clock, egress }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const managers = { auth: { roles: ['admin', 'manager'], compound: 'param:compoundId' } } as const;
  const channelManagers = { auth: { roles: ['admin', 'manager'], compound: viaChannel } } as const;
  const tags = ['notifications'];
  const compoundParams = z.object({ compoundId: apiSlug });
  const channelParams = z.object({ channelId: apiId });

  r.get('/api/compounds/:compoundId/notify-channels', {
    schema: { tags, summary: 'Robot channels of a compound', params: compoundParams, response: { 200: notifyChannelList } }, config: managers,
  }, async (request) => {
    return { channels: await listChannels(db, request.params.compoundId) };
  });

  r.post('/api/compounds/:compoundId/notify-channels', {
    schema: { tags, summary: 'Add a WeCom / DingTalk / Feishu robot or a webhook', params: compoundParams, body: createNotifyChannelRequest, response: { 201: notifyChannel } },
    config: managers,
  }, async (request, reply) => {
    return reply.status(201).send(await createChannel(db, request.params.compoundId, request.body, clock.now()));
  });

  r.patch('/api/notify-channels/:channelId', {
    schema: { tags, summary: 'Change a channel', params: channelParams, body: updateNotifyChannelRequest, response: { 200: notifyChannel } }, config: channelManagers,
  }, async (request) => {
    return updateChannel(db, request.params.channelId, request.body);
  });

  r.delete('/api/notify-channels/:channelId', {
    schema: { tags, summary: 'Remove a channel', params: channelParams, response: { 200: okResponse } }, config: channelManagers,
  }, async (request) => {
    await deleteChannel(db, request.params.channelId);
    return { ok: true as const };
  });

  r.post('/api/notify-channels/:channelId/test', {
    schema: { tags, summary: 'Send a test message now and report what the robot answered', params: channelParams, response: { 200: notifyTestResponse } },
    config: channelManagers,
  }, async (request) => {
    const ch = await getChannel(db, request.params.channelId);
    const compound = await db.selectFrom('compounds').select('name').where('id', '=', ch.compound_id).executeTakeFirst();
    const now = new Date(clock.now()).toISOString();
    const error = await sendNow(ch, {
      event: 'test', compoundName: compound?.name ?? null, assigneeName: currentUser(request).displayName,
      alert: { id: 'test', compoundId: ch.compound_id, kind: 'other', severity: 'low', title: 'Yard Guard 通知测试', status: 'new', deviceId: null, count: 1, firstAt: now, escalationLevel: 0 },
    }, defaultRetry.timeoutMs, egress);
    return { delivered: !error, error: error ?? null };
  });

  r.get('/api/compounds/:compoundId/notifications', {
    schema: { tags, summary: 'Delivery log (status, attempts, last error)', params: compoundParams, querystring: pageQuery, response: { 200: notificationList } },
    config: managers,
  }, async (request) => {
    return { notifications: await listNotifications(db, request.params.compoundId, request.query.limit) };
  });
}
