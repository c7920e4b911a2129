/** Notification channel rows (per compound) and the delivery log. */
import type { Kysely } from 'kysely';
import { newId, type CreateNotifyChannelRequest, type Notification, type NotifyChannel, type UpdateNotifyChannelRequest } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { NotifyChannelsTable } from '../db/tables-ops.js';
import { notFound } from '../errors.js';
import { iso } from '../alerts/clock.js';

/** Robot URLs carry their secret key in the query string: show only its first characters. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const [k, v] of u.searchParams) u.searchParams.set(k, v.length > 4 ? `${v.slice(0, 4)}****` : '****');
    const path = u.pathname.replace(/\/hook\/([^/]{4})[^/]*$/, '/hook/$1****');
    return `${u.protocol}//${u.host}${path}${u.search ? decodeURIComponent(u.search) : ''}`;
  } catch {
    return '****';
  }
}

export const channelToApi = (c: NotifyChannelsTable): NotifyChannel => ({
  id: c.id, compoundId: c.compound_id, kind: c.kind, name: c.name, urlMasked: maskUrl(c.url), hasSecret: !!c.secret,
  minSeverity: c.min_severity, enabled: c.enabled !== 0, createdAt: c.created_at,
});

export async function createChannel(db: Kysely<Database>, compoundId: string, req: CreateNotifyChannelRequest, nowMs: number): Promise<NotifyChannel> {
  const row: NotifyChannelsTable = {
    id: newId(), compound_id: compoundId, kind: req.kind, name: req.name, url: req.url, secret: req.secret ?? null,
    min_severity: req.minSeverity ?? 'high', enabled: req.enabled === false ? 0 : 1, created_at: iso(nowMs),
  };
  await db.insertInto('notify_channels').values(row).execute();
  return channelToApi(row);
}

export async function getChannel(db: Kysely<Database>, id: string): Promise<NotifyChannelsTable> {
  const c = await db.selectFrom('notify_channels').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound(`Notification channel ${id}`);
  return c;
}

export async function updateChannel(db: Kysely<Database>, id: string, req: UpdateNotifyChannelRequest): Promise<NotifyChannel> {
  await db.updateTable('notify_channels').set({
    ...(req.name !== undefined && { name: req.name }),
    ...(req.url !== undefined && { url: req.url }),
    ...(req.secret !== undefined && { secret: req.secret }),
    ...(req.minSeverity !== undefined && { min_severity: req.minSeverity }),
    ...(req.enabled !== undefined && { enabled: req.enabled ? 1 : 0 }),
  }).where('id', '=', id).execute();
  return channelToApi(await getChannel(db, id));
}

export async function deleteChannel(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('notify_channels').where('id', '=', id).execute();
}

export async function listChannels(db: Kysely<Database>, compoundId: string): Promise<NotifyChannel[]> {
  return (await db.selectFrom('notify_channels').selectAll().where('compound_id', '=', compoundId).orderBy('created_at').execute()).map(channelToApi);
}

export async function listNotifications(db: Kysely<Database>, compoundId: string, limit: number): Promise<Notification[]> {
  const rows = await db.selectFrom('notifications').selectAll().where('compound_id', '=', compoundId).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((n) => ({
    id: n.id, channelId: n.channel_id, alertId: n.alert_id, status: n.status, attempts: n.attempts, nextAttemptAt: n.next_attempt_at,
    lastError: n.last_error, createdAt: n.created_at, sentAt: n.sent_at,
  }));
}
