/**
 * Operations table row types (Kysely): alerts, incidents, live stream, notifications, shifts,
 * media (snapshots, photos), work orders. Conventions as in cloud/README.md (text ids, ISO UTC
 * text times, integer 0/1 booleans, JSON as text). Created by db/migrations/101_ops.ts.
 */
import type { Generated } from 'kysely';
import type { AlertKind, AlertSeverity } from '@yardguard/firmware-config';

export type AlertStatus = 'new' | 'acknowledged' | 'resolved';
export type AlertSource = 'edge' | 'cloud';

export interface AlertPoliciesTable {
  compound_id: string;
  /** JSON of AlertPolicy (alerts/policy.ts). */
  policy: string;
  updated_at: string;
}

export interface AlertsTable {
  id: string;
  compound_id: string;
  gateway_id: string | null;
  device_id: string | null;
  /** Folding key: device + kind. */
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  source: AlertSource;
  status: AlertStatus;
  count: number;
  first_at: string;
  last_at: string;
  cause_event_id: string | null;
  /** JSON array of snapshot ids. */
  snapshot_ids: string;
  incident_id: string | null;
  assignee_id: string | null;
  escalation_level: number;
  retriggers: number;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolve_note: string | null;
  created_at: string;
  updated_at: string;
}

export type AlertTimerPurpose = 'escalate' | 'retrigger';
export interface AlertTimersTable {
  id: string;
  alert_id: string;
  purpose: AlertTimerPurpose;
  due_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
}

export interface AlertPagesTable {
  id: string;
  alert_id: string;
  level: number;
  reason: 'new' | 'escalate' | 'retrigger';
  target_user_id: string | null;
  timer_id: string | null;
  instance_id: string;
  at: string;
}

export interface GatewayWatchTable {
  gateway_id: string;
  offline_since: string | null;
  alert_id: string | null;
  checked_at: string;
}

export type IncidentStatus = 'open' | 'closed';
export interface IncidentsTable {
  id: string;
  compound_id: string;
  key: string;
  kind: string;
  severity: AlertSeverity;
  title: string;
  gateway_id: string | null;
  device_id: string | null;
  status: IncidentStatus;
  alert_count: number;
  opened_at: string;
  last_at: string;
  closed_at: string | null;
  closed_by: string | null;
  close_reason: string | null;
  work_order_id: string | null;
}

export interface IncidentNotesTable {
  id: string;
  incident_id: string;
  author_id: string;
  text: string;
  created_at: string;
}

export interface LiveEventsTable {
  id: Generated<number>;
  compound_id: string;
  /** The one user this row is for (a resident's own work order); null = the compound's staff. */
  user_id: string | null;
  type: string;
  /** JSON of the message body. */
  payload: string;
  at: string;
}

export type NotifyChannelKind = 'wecom' | 'dingtalk' | 'feishu' | 'webhook';
export interface NotifyChannelsTable {
  id: string;
  compound_id: string;
  kind: NotifyChannelKind;
  name: string;
  url: string;
  /** DingTalk / Feishu signing secret (their "加签" option); generic webhook: HMAC key. */
  secret: string | null;
  min_severity: AlertSeverity;
  enabled: number;
  created_at: string;
}

export type NotificationStatus = 'pending' | 'sent' | 'failed';
export interface NotificationsTable {
  id: string;
  channel_id: string;
  compound_id: string;
  alert_id: string | null;
  /** JSON of the message (channel-neutral); the channel formats it at send time. */
  body: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface PostsTable {
  id: string;
  compound_id: string;
  name: string;
  created_at: string;
}

export interface RostersTable {
  id: string;
  post_id: string;
  compound_id: string;
  pattern: '24on48off' | 'day_night_12h' | 'custom';
  shift_hours: number;
  anchor_at: string;
  valid_until: string | null;
  /** JSON array of user ids, in rotation order. */
  guard_ids: string;
  created_at: string;
}

export interface ShiftSwapsTable {
  id: string;
  roster_id: string;
  shift_starts_at: string;
  from_guard_id: string;
  to_guard_id: string;
  reason: string | null;
  created_by: string;
  created_at: string;
}

export interface HandoverNotesTable {
  id: string;
  post_id: string;
  compound_id: string;
  author_id: string;
  text: string;
  created_at: string;
}

export type MediaKind = 'snapshot' | 'photo';
export interface MediaTable {
  id: string;
  compound_id: string;
  kind: MediaKind;
  gateway_id: string | null;
  device_id: string | null;
  uploaded_by: string | null;
  content_type: string;
  bytes: number;
  /** Path relative to the media root. */
  file: string;
  taken_at: string;
  created_at: string;
}

export type WorkOrderStage = 'requested' | 'dispatched' | 'accepted' | 'supervised' | 'verified';
export interface WorkOrdersTable {
  id: string;
  compound_id: string;
  category: string;
  title: string;
  description: string | null;
  location: string | null;
  stage: WorkOrderStage;
  requested_by: string;
  assignee_id: string | null;
  incident_id: string | null;
  photo_ids: string;
  created_at: string;
  due_at: string;
  dispatched_at: string | null;
  accepted_at: string | null;
  supervised_at: string | null;
  verified_at: string | null;
  sla_breached: number;
  rating: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  updated_at: string;
  /** Migration 140: the pending step's due time, the overdue alert raised for it, who accepted and supervised. */
  step_due_at?: string | null;
  step_alert_id?: string | null;
  accepted_by?: string | null;
  supervised_by?: string | null;
}

export interface WorkOrderHistoryTable {
  id: string;
  work_order_id: string;
  from_stage: WorkOrderStage | null;
  to_stage: WorkOrderStage;
  by_user_id: string;
  note: string | null;
  at: string;
  /** Migration 140. */
  photo_ids?: string;
  due_at?: string | null;
  on_time?: number | null;
}

export interface WorkOrderCommentsTable {
  id: string;
  work_order_id: string;
  author_id: string;
  text: string;
  photo_ids: string;
  created_at: string;
}

/** Stored events still to derive alerts from (db/migrations/110_derive_outbox.ts). */
export interface DeriveOutboxTable {
  id: string;
  compound_id: string;
  gateway_id: string;
  seq: number;
  created_at: string;
  next_at: string;
  attempts: number;
  last_error: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
}

/** A periodic job (retention) claimed once across instances: whoever moves next_run_at runs it. */
export interface ScheduledJobsTable {
  name: string;
  next_run_at: string;
  last_run_by: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  /** JSON: what the last run did (rows removed per kind). */
  last_result: string | null;
}

export interface OpsTables {
  alert_policies: AlertPoliciesTable;
  alerts: AlertsTable;
  alert_timers: AlertTimersTable;
  alert_pages: AlertPagesTable;
  derive_outbox: DeriveOutboxTable;
  scheduled_jobs: ScheduledJobsTable;
  gateway_watch: GatewayWatchTable;
  incidents: IncidentsTable;
  incident_notes: IncidentNotesTable;
  live_events: LiveEventsTable;
  notify_channels: NotifyChannelsTable;
  notifications: NotificationsTable;
  posts: PostsTable;
  rosters: RostersTable;
  shift_swaps: ShiftSwapsTable;
  handover_notes: HandoverNotesTable;
  media: MediaTable;
  work_orders: WorkOrdersTable;
  work_order_history: WorkOrderHistoryTable;
  work_order_comments: WorkOrderCommentsTable;
}
