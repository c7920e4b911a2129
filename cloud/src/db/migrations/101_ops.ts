/**
 * Operations schema: alerts (+ timers, pages), incidents, live stream, notification channels and
 * queue, shifts, snapshots/photos, work orders. Portable: schema builder only, text times, integer
 * booleans, JSON as text. The live stream id is the one auto-increment column (dialect-specific type).
 */
import { PostgresAdapter, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('alert_policies')
    .addColumn('compound_id', 'text', (c) => c.primaryKey())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('alert_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('work_order_id', 'text')
    .execute();
  await db.schema.createIndex('incidents_by_key').on('incidents').columns(['compound_id', 'key', 'status']).execute();
  await db.schema.createIndex('incidents_by_compound').on('incidents').columns(['compound_id', 'opened_at']).execute();

  await db.schema.createTable('incident_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_notes_by_incident').on('incident_notes').column('incident_id').execute();

  await db.schema.createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('cause_event_id', 'text')
    .addColumn('snapshot_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('incident_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retriggers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolve_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_by_key').on('alerts').columns(['compound_id', 'key', 'status']).execute();
  await db.schema.createIndex('alerts_by_compound').on('alerts').columns(['compound_id', 'created_at']).execute();
  await db.schema.createIndex('alerts_by_incident').on('alerts').column('incident_id').execute();

  // One row per pending timer; claimed by exactly one instance, deleted when it fired.
  await db.schema.createTable('alert_timers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .execute();
  await db.schema.createIndex('alert_timers_due').on('alert_timers').column('due_at').execute();
  await db.schema.createIndex('alert_timers_by_alert').on('alert_timers').column('alert_id').execute();

  // Every page (initial route, escalation, re-trigger): the audit of who was told when.
  await db.schema.createTable('alert_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('target_user_id', 'text')
    .addColumn('timer_id', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_pages_by_alert').on('alert_pages').column('alert_id').execute();
  // A timer can page at most once even if two instances raced past the claim (belt and braces).
  await db.schema.createIndex('alert_pages_timer_once').on('alert_pages').column('timer_id').unique().execute();

  // Gateway offline alerts raised by the cloud check: one open state per gateway.
  await db.schema.createTable('gateway_watch')
    .addColumn('gateway_id', 'text', (c) => c.primaryKey())
    .addColumn('offline_since', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();

  const live = db.schema.createTable('live_events');
  await (isPostgres(db)
    ? live.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : live.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_events_by_compound').on('live_events').columns(['compound_id', 'id']).execute();

  await db.schema.createTable('notify_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('min_severity', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notify_channels_by_compound').on('notify_channels').column('compound_id').execute();

  await db.schema.createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_due').on('notifications').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('notifications_by_compound').on('notifications').columns(['compound_id', 'created_at']).execute();

  await db.schema.createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_by_compound').on('posts').column('compound_id').execute();

  await db.schema.createTable('rosters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('shift_hours', 'integer', (c) => c.notNull())
    .addColumn('anchor_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('guard_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rosters_by_compound').on('rosters').column('compound_id').execute();

  await db.schema.createTable('shift_swaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_id', 'text', (c) => c.notNull())
    .addColumn('shift_starts_at', 'text', (c) => c.notNull())
    .addColumn('from_guard_id', 'text', (c) => c.notNull())
    .addColumn('to_guard_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('shift_swaps_once', ['roster_id', 'shift_starts_at'])
    .execute();

  await db.schema.createTable('handover_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('handover_notes_by_post').on('handover_notes').columns(['post_id', 'created_at']).execute();

  // Snapshots from gateways and photos attached to work orders: files on disk, metadata here.
  await db.schema.createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('uploaded_by', 'text')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_by_compound').on('media').columns(['compound_id', 'kind', 'taken_at']).execute();

  await db.schema.createTable('work_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('incident_id', 'text')
    .addColumn('photo_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('dispatched_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('supervised_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('sla_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_orders_by_compound').on('work_orders').columns(['compound_id', 'created_at']).execute();

  await db.schema.createTable('work_order_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_order_history_by_wo').on('work_order_history').column('work_order_id').execute();

  await db.schema.createTable('work_order_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('photo_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_order_comments_by_wo').on('work_order_comments').column('work_order_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['work_order_comments', 'work_order_history', 'work_orders', 'media', 'handover_notes', 'shift_swaps',
    'rosters', 'posts', 'notifications', 'notify_channels', 'live_events', 'gateway_watch', 'alert_pages', 'alert_timers',
    'alerts', 'incident_notes', 'incidents', 'alert_policies']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
