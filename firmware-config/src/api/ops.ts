/**
 * Operations HTTP API bodies: alerts, live push, notification channels, shifts, incidents,
 * snapshots and work orders (cloud/src/ops-api.md lists the routes).
 */
import { z } from 'zod';
import { alertKind, alertSeverity } from '../contract/messages/events.js';
import { apiId, apiSlug, apiTime } from './common.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

// --- alerts -----------------------------------------------------------------------------------
export const alertStatuses = ['new', 'acknowledged', 'resolved'] as const;
export const alertStatus = z.enum(alertStatuses);
export type AlertStatus = z.infer<typeof alertStatus>;

export const alert = z.object({
  id: apiId,
  compoundId: apiSlug,
  gatewayId: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** Folding key (device + kind): repeats inside the window raise `count` instead of paging again. */
  key: z.string(),
  kind: alertKind,
  severity: alertSeverity,
  title: z.string(),
  source: z.enum(['edge', 'cloud']),
  status: alertStatus,
  count: z.number().int(),
  firstAt: apiTime,
  lastAt: apiTime,
  causeEventId: z.string().nullable(),
  snapshotIds: z.array(z.string()),
  incidentId: z.string().nullable(),
  /** Who is paged now (guard on shift, next guard, then the manager). */
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  escalationLevel: z.number().int(),
  retriggers: z.number().int(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: apiTime.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: apiTime.nullable(),
  resolveNote: z.string().nullable(),
  createdAt: apiTime,
  updatedAt: apiTime,
  /** Due time of the pending escalation (new) or re-trigger (acknowledged) timer; null when none is armed. */
  nextEscalationAt: apiTime.nullable(),
});
export type Alert = z.infer<typeof alert>;
export const alertList = z.object({ alerts: z.array(alert), nextBefore: apiTime.nullable() });
export type AlertList = z.infer<typeof alertList>;

export const alertListQuery = z.object({
  compoundId: apiSlug.optional(),
  /** Comma-separated statuses, e.g. `new,acknowledged`. */
  status: z.string().regex(/^(new|acknowledged|resolved)(,(new|acknowledged|resolved))*$/, 'use new, acknowledged, resolved (comma-separated)').optional(),
  before: apiTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AlertListQuery = z.input<typeof alertListQuery>;

export const resolveAlertRequest = z.object({ note: z.string().trim().max(1000).optional() }).strict().default({});
export type ResolveAlertRequest = z.input<typeof resolveAlertRequest>;

const perSeverityS = z.object({
  critical: z.number().int().min(5).max(86_400),
  high: z.number().int().min(5).max(86_400),
  medium: z.number().int().min(5).max(86_400),
  low: z.number().int().min(5).max(86_400),
}).strict();

/** Per-compound alert policy (defaults in the cloud: ack critical 60 s, fold window 600 s). */
export const alertPolicy = z.object({
  /** Not acknowledged within this time: page the next person in the chain. */
  ackTimeoutS: perSeverityS,
  /** Acknowledged but not resolved within this time: re-trigger (back to new, page again). */
  resolveTimeoutS: perSeverityS,
  /** Same key inside this window folds into the open alert. */
  foldWindowS: z.number().int().min(0).max(86_400),
  /** Escalation chains loop (guards on shift, then managers, again) at most this many pages. */
  maxEscalations: z.number().int().min(0).max(50),
  /** Gateway with no acknowledged batch for this long raises gateway_offline. */
  gatewayOfflineS: z.number().int().min(15).max(3600),
  /**
   * GB 50396: `count` denied credentials in a row (no grant in between) at one gate within `windowS`
   * raise an access_denied_repeated alert (routed and escalated like the others). Default 5 in 300 s.
   */
  deniedBurst: z.object({ count: z.number().int().min(2).max(50), windowS: z.number().int().min(10).max(86_400) }).strict().optional(),
}).strict();
export type AlertPolicy = z.infer<typeof alertPolicy>;

// --- notification channels ----------------------------------------------------------------------
export const notifyChannelKinds = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export const notifyChannelKind = z.enum(notifyChannelKinds);
export type NotifyChannelKind = z.infer<typeof notifyChannelKind>;

export const notifyChannel = z.object({
  id: apiId,
  compoundId: apiSlug,
  kind: notifyChannelKind,
  name: z.string(),
  /** The robot webhook URL with its key masked (`...key=abcd****`). */
  urlMasked: z.string(),
  hasSecret: z.boolean(),
  minSeverity: alertSeverity,
  enabled: z.boolean(),
  createdAt: apiTime,
});
export type NotifyChannel = z.infer<typeof notifyChannel>;
export const notifyChannelList = z.object({ channels: z.array(notifyChannel) });
export type NotifyChannelList = z.infer<typeof notifyChannelList>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
export const createNotifyChannelRequest = z.object({
  kind: notifyChannelKind,
  name: text(60),
  url: httpUrl,
  /** DingTalk / Feishu signing secret (加签); generic webhook: HMAC-SHA256 key for `x-yardguard-signature`. */
  secret: z.string().min(1).max(200).optional(),
  minSeverity: alertSeverity.default('high'),
  enabled: z.boolean().default(true),
}).strict();
export type CreateNotifyChannelRequest = z.input<typeof createNotifyChannelRequest>;
export const updateNotifyChannelRequest = z.object({
  name: text(60).optional(),
  url: httpUrl.optional(),
  secret: z.string().min(1).max(200).nullable().optional(),
  minSeverity: alertSeverity.optional(),
  enabled: z.boolean().optional(),
}).strict();
export type UpdateNotifyChannelRequest = z.infer<typeof updateNotifyChannelRequest>;

/** POST /api/notify-channels/:channelId/test: one test message sent now (not queued), with the robot's answer. */
export const notifyTestResponse = z.object({ delivered: z.boolean(), error: z.string().nullable() });
export type NotifyTestResponse = z.infer<typeof notifyTestResponse>;

export const notification = z.object({
  id: apiId,
  channelId: apiId,
  alertId: z.string().nullable(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: apiTime,
  lastError: z.string().nullable(),
  createdAt: apiTime,
  sentAt: apiTime.nullable(),
});
export type Notification = z.infer<typeof notification>;
export const notificationList = z.object({ notifications: z.array(notification) });
export type NotificationList = z.infer<typeof notificationList>;

// --- shifts -----------------------------------------------------------------------------------
export const post = z.object({ id: apiId, compoundId: apiSlug, name: z.string(), createdAt: apiTime });
export type Post = z.infer<typeof post>;
export const postList = z.object({ posts: z.array(post) });
export type PostList = z.infer<typeof postList>;
export const createPostRequest = z.object({ name: text(60) }).strict();
export type CreatePostRequest = z.infer<typeof createPostRequest>;

export const rosterPatterns = ['24on48off', 'day_night_12h', 'custom'] as const;
export const roster = z.object({
  id: apiId,
  postId: apiId,
  compoundId: apiSlug,
  pattern: z.enum(rosterPatterns),
  shiftHours: z.number().int(),
  /** Start of shift 0; shift k starts at anchorAt + k * shiftHours and goes to guardIds[k mod n]. */
  anchorAt: apiTime,
  validUntil: apiTime.nullable(),
  guardIds: z.array(apiId),
  createdAt: apiTime,
});
export type Roster = z.infer<typeof roster>;
export const rosterList = z.object({ rosters: z.array(roster) });
export type RosterList = z.infer<typeof rosterList>;
/**
 * 24on48off: 24 h shifts rotating among the guards (3 guards = each 24 h on, 48 h off);
 * day_night_12h: 12 h shifts (anchor at the day shift's start, e.g. 08:00 local); custom: shiftHours given.
 */
export const createRosterRequest = z.object({
  pattern: z.enum(rosterPatterns),
  shiftHours: z.number().int().min(1).max(72).optional(),
  anchorAt: apiTime,
  validUntil: apiTime.optional(),
  guardIds: z.array(apiId).min(1, 'name at least one guard').max(50),
}).strict().refine((r) => r.pattern !== 'custom' || r.shiftHours !== undefined, { message: 'custom rosters need shiftHours', path: ['shiftHours'] });
export type CreateRosterRequest = z.infer<typeof createRosterRequest>;

export const shift = z.object({
  postId: apiId,
  rosterId: apiId,
  startsAt: apiTime,
  endsAt: apiTime,
  guardId: apiId,
  /** Set when a swap moved this shift from the rostered guard. */
  swappedFrom: apiId.nullable(),
});
export type Shift = z.infer<typeof shift>;
export const scheduleQuery = z.object({ from: apiTime, to: apiTime });
export const scheduleResponse = z.object({ shifts: z.array(shift) });
export type ScheduleResponse = z.infer<typeof scheduleResponse>;

export const createSwapRequest = z.object({
  rosterId: apiId,
  /** startsAt of the shift being handed over (from the schedule). */
  shiftStartsAt: apiTime,
  toGuardId: apiId,
  reason: z.string().trim().max(200).optional(),
}).strict();
export type CreateSwapRequest = z.infer<typeof createSwapRequest>;
export const shiftSwap = z.object({
  id: apiId, rosterId: apiId, shiftStartsAt: apiTime, fromGuardId: apiId, toGuardId: apiId,
  reason: z.string().nullable(), createdBy: apiId, createdAt: apiTime,
});
export type ShiftSwap = z.infer<typeof shiftSwap>;

export const onDutyGuard = z.object({
  userId: apiId,
  displayName: z.string().nullable(),
  postId: apiId,
  postName: z.string(),
  startsAt: apiTime,
  endsAt: apiTime,
});
export type OnDutyGuard = z.infer<typeof onDutyGuard>;
export const onDutyResponse = z.object({ at: apiTime, guards: z.array(onDutyGuard) });
export type OnDutyResponse = z.infer<typeof onDutyResponse>;

export const handoverNote = z.object({
  id: apiId, postId: apiId, compoundId: apiSlug, authorId: apiId, authorName: z.string().nullable(), text: z.string(), createdAt: apiTime,
});
export type HandoverNote = z.infer<typeof handoverNote>;
export const handoverNoteList = z.object({ notes: z.array(handoverNote) });
export type HandoverNoteList = z.infer<typeof handoverNoteList>;
export const createHandoverNoteRequest = z.object({ text: text(2000) }).strict();
export type CreateHandoverNoteRequest = z.infer<typeof createHandoverNoteRequest>;

// --- incidents and snapshots ------------------------------------------------------------------------
export const incident = z.object({
  id: apiId,
  compoundId: apiSlug,
  key: z.string(),
  kind: z.string(),
  severity: alertSeverity,
  title: z.string(),
  gatewayId: z.string().nullable(),
  deviceId: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  alertCount: z.number().int(),
  openedAt: apiTime,
  lastAt: apiTime,
  closedAt: apiTime.nullable(),
  closedBy: z.string().nullable(),
  closeReason: z.string().nullable(),
  workOrderId: z.string().nullable(),
});
export type Incident = z.infer<typeof incident>;
/** A page of a list newest first: `nextBefore` is the `before` for the next page, null on the last. */
export const incidentList = z.object({ incidents: z.array(incident), nextBefore: apiTime.nullable().optional() });
export type IncidentList = z.infer<typeof incidentList>;

/** Words to find in a list: trimmed, case-insensitive, matched anywhere in the text. */
export const listSearch = z.string().trim().min(1).max(60);
/** GET /api/incidents: newest activity first; `from`/`to` bound when it opened; `before` pages on the last activity. */
export const incidentListQuery = z.object({
  compoundId: apiSlug.optional(),
  status: z.string().regex(/^(open|closed)(,(open|closed))?$/, 'use open, closed').optional(),
  severity: alertSeverity.optional(),
  /** Searches the title, the kind and the device. */
  q: listSearch.optional(),
  from: apiTime.optional(),
  to: apiTime.optional(),
  before: apiTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type IncidentListQuery = z.input<typeof incidentListQuery>;

export const timelineKinds = ['alert', 'page', 'acknowledged', 'resolved', 'event', 'snapshot', 'note', 'closed', 'work_order'] as const;
export const timelineEntry = z.object({
  at: apiTime,
  kind: z.enum(timelineKinds),
  /** Plain text a guard reads ("acknowledged by 王师傅"). */
  text: z.string(),
  userId: z.string().nullable(),
  alertId: z.string().nullable(),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  snapshotId: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;
export const incidentDetail = z.object({ incident, alerts: z.array(alert), timeline: z.array(timelineEntry) });
export type IncidentDetail = z.infer<typeof incidentDetail>;
/** POST /api/incidents/:incidentId/link-work-order: link an existing work order of the same compound (both ways). */
export const linkWorkOrderRequest = z.object({ workOrderId: apiId }).strict();
export type LinkWorkOrderRequest = z.infer<typeof linkWorkOrderRequest>;
export const createIncidentNoteRequest = z.object({ text: text(2000) }).strict();
export type CreateIncidentNoteRequest = z.infer<typeof createIncidentNoteRequest>;
export const closeIncidentRequest = z.object({ reason: text(500) }).strict();
export type CloseIncidentRequest = z.infer<typeof closeIncidentRequest>;

export const snapshot = z.object({
  id: apiId, compoundId: apiSlug, gatewayId: z.string().nullable(), deviceId: z.string().nullable(),
  contentType: z.string(), bytes: z.number().int(), takenAt: apiTime,
  /** GET this path (with the session token) for the image. */
  url: z.string(),
});
export type Snapshot = z.infer<typeof snapshot>;
export const snapshotList = z.object({ snapshots: z.array(snapshot) });
export type SnapshotList = z.infer<typeof snapshotList>;
export const uploadResponse = z.object({ id: apiId, bytes: z.number().int() });
export type UploadResponse = z.infer<typeof uploadResponse>;

// --- work orders (点单 派单 接单 督单 验单) ---------------------------------------------------------------
export const workOrderStages = ['requested', 'dispatched', 'accepted', 'supervised', 'verified'] as const;
export const workOrderStage = z.enum(workOrderStages);
export type WorkOrderStage = z.infer<typeof workOrderStage>;
/** Chinese names of the five stages, in order. */
export const workOrderStageZh: Record<WorkOrderStage, string> = {
  requested: '点单', dispatched: '派单', accepted: '接单', supervised: '督单', verified: '验单',
};

export const workOrderCategories = [
  { id: 'security', zh: '治安/安防', en: 'Security', dueHours: 4 },
  { id: 'fire_risk', zh: '消防隐患(飞线充电等)', en: 'Fire risk (e.g. flying-wire e-bike charging)', dueHours: 4 },
  { id: 'gate_fault', zh: '门禁故障', en: 'Gate / access fault', dueHours: 8 },
  { id: 'blocked_drain', zh: '下水道堵塞', en: 'Blocked drain', dueHours: 24 },
  { id: 'rubbish', zh: '垃圾未清运', en: 'Rubbish not cleared', dueHours: 24 },
  { id: 'parking', zh: '乱停乱放', en: 'Disorderly parking', dueHours: 24 },
  { id: 'lighting', zh: '路灯/楼道灯', en: 'Lighting', dueHours: 48 },
  { id: 'roof_leak', zh: '屋顶漏水', en: 'Roof leak', dueHours: 72 },
  { id: 'pothole', zh: '路面坑洼', en: 'Pothole', dueHours: 120 },
  { id: 'ads_clutter', zh: '小广告/楼顶杂物', en: 'Ads on walls / rooftop clutter', dueHours: 72 },
  { id: 'other', zh: '其他', en: 'Other', dueHours: 72 },
] as const;
export type WorkOrderCategoryId = (typeof workOrderCategories)[number]['id'];
export const workOrderCategoryIds = workOrderCategories.map((c) => c.id) as [WorkOrderCategoryId, ...WorkOrderCategoryId[]];
export const workOrderCategory = z.enum(workOrderCategoryIds);
export const workOrderCategoryList = z.object({
  categories: z.array(z.object({ id: workOrderCategory, zh: z.string(), en: z.string(), dueHours: z.number() })),
});
export type WorkOrderCategoryList = z.infer<typeof workOrderCategoryList>;

export const workOrder = z.object({
  id: apiId,
  compoundId: apiSlug,
  category: workOrderCategory,
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  stage: workOrderStage,
  requestedBy: apiId,
  assigneeId: z.string().nullable(),
  incidentId: z.string().nullable(),
  photoIds: z.array(z.string()),
  createdAt: apiTime,
  dueAt: apiTime,
  dispatchedAt: apiTime.nullable(),
  acceptedAt: apiTime.nullable(),
  supervisedAt: apiTime.nullable(),
  verifiedAt: apiTime.nullable(),
  /** When the pending step (the next move) is due; null once closed. Overdue steps raise a work_order_overdue alert. */
  stepDueAt: apiTime.nullable(),
  /** For the signed-in user: may they make the next move (the company's flow; own work excluded)? */
  mayMove: z.boolean().optional(),
  /** Not verified by dueAt (now, or at close). */
  slaBreached: z.boolean(),
  rating: z.number().int().min(1).max(5).nullable(),
  ratingComment: z.string().nullable(),
  updatedAt: apiTime,
});
export type WorkOrder = z.infer<typeof workOrder>;
export const workOrderList = z.object({ workOrders: z.array(workOrder), nextBefore: apiTime.nullable().optional() });
export type WorkOrderList = z.infer<typeof workOrderList>;

/** GET /api/work-orders: newest first; `from`/`to` bound the creation time; `before` pages on it. */
export const workOrderListQuery = z.object({
  compoundId: apiSlug.optional(),
  stage: workOrderStage.optional(),
  /** open = not yet verified (验单), closed = verified. */
  status: z.enum(['open', 'closed']).optional(),
  category: workOrderCategory.optional(),
  /** me = assigned to the caller (我的工单: a guard's or an installer's own orders). */
  assignee: z.enum(['me']).optional(),
  /** Searches the title, the description and the place. */
  q: listSearch.optional(),
  from: apiTime.optional(),
  to: apiTime.optional(),
  before: apiTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const createWorkOrderRequest = z.object({
  compoundId: apiSlug,
  category: workOrderCategory,
  title: text(120),
  description: z.string().trim().max(2000).optional(),
  location: z.string().trim().max(120).optional(),
  photoIds: z.array(apiId).max(9).default([]),
}).strict();
export type CreateWorkOrderRequest = z.input<typeof createWorkOrderRequest>;

export const createWorkOrderFromIncidentRequest = z.object({
  category: workOrderCategory.default('security'),
  title: text(120).optional(),
  description: z.string().trim().max(2000).optional(),
}).strict().default({ category: 'security' });
export type CreateWorkOrderFromIncidentRequest = z.input<typeof createWorkOrderFromIncidentRequest>;

export const transitionWorkOrderRequest = z.object({
  to: workOrderStage.exclude(['requested']),
  /** Required when dispatching (派单). */
  assigneeId: apiId.optional(),
  note: z.string().trim().max(1000).optional(),
  /** Photos of the move (work done, what the supervisor saw), uploaded to /api/work-order-photos first. */
  photoIds: z.array(apiId).max(9).default([]),
}).strict();
export type TransitionWorkOrderRequest = z.input<typeof transitionWorkOrderRequest>;

export const rateWorkOrderRequest = z.object({
  rating: z.number().int().min(1, 'rate 1 to 5').max(5, 'rate 1 to 5'),
  comment: z.string().trim().max(500).optional(),
}).strict();
export type RateWorkOrderRequest = z.infer<typeof rateWorkOrderRequest>;

export const workOrderHistoryEntry = z.object({
  fromStage: workOrderStage.nullable(), toStage: workOrderStage, byUserId: apiId, note: z.string().nullable(), at: apiTime,
  /** Who made the move (display name and role), so the timeline reads without a user lookup. */
  byName: z.string().nullable(), byRole: z.string().nullable(),
  photoIds: z.array(z.string()),
  /** The step's own due time and whether this move met it (null for 点单). */
  dueAt: apiTime.nullable(), onTime: z.boolean().nullable(),
});
export const workOrderComment = z.object({
  id: apiId, authorId: apiId, text: z.string(), photoIds: z.array(z.string()), createdAt: apiTime,
});
export type WorkOrderComment = z.infer<typeof workOrderComment>;
export const createWorkOrderCommentRequest = z.object({ text: text(2000), photoIds: z.array(apiId).max(9).default([]) }).strict();
export type CreateWorkOrderCommentRequest = z.input<typeof createWorkOrderCommentRequest>;
export const workOrderDetail = z.object({
  workOrder,
  history: z.array(workOrderHistoryEntry),
  comments: z.array(workOrderComment),
});
export type WorkOrderDetail = z.infer<typeof workOrderDetail>;

export const workOrderReportQuery = z.object({
  compoundId: apiSlug.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
});
export const workOrderReportRow = z.object({
  compoundId: apiSlug,
  month: z.string(),
  created: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  /** closedOnTime / closed (null when nothing closed). */
  onTimeRate: z.number().nullable(),
  breached: z.number().int(),
  ratings: z.number().int(),
  avgSatisfaction: z.number().nullable(),
});
export type WorkOrderReportRow = z.infer<typeof workOrderReportRow>;
export const workOrderReport = z.object({ rows: z.array(workOrderReportRow) });
export type WorkOrderReport = z.infer<typeof workOrderReport>;

// --- live push (after the work orders: a message may carry a work order's change) --------------------
export const liveMessageTypes = ['hello', 'alert.new', 'alert.update', 'incident.update', 'work_order.update'] as const;

/**
 * `work_order.update`: a work order changed (created, also from an incident; moved to the next stage;
 * commented; rated in the app or by a 回访 call; linked to an incident). The cloud sends it twice after
 * the change is committed: to the staff of the compound (no `userId`: the work-order lists, the monthly
 * table and that order refetch) and, when a resident placed the order, addressed to them (`userId`: their
 * repair requests refetch). Both carry `workOrderId` and `workOrder` (what changed); the console still
 * refetches the order, as its buttons depend on who is asking.
 */
export const liveWorkOrderChange = z.object({
  workOrderId: apiId,
  stage: workOrderStage,
  /** Verified (验单) and not rated yet: the resident is asked for stars. */
  ratingAsked: z.boolean(),
  rating: z.number().int().min(1).max(5).nullable(),
  updatedAt: apiTime,
});
export type LiveWorkOrderChange = z.infer<typeof liveWorkOrderChange>;

export const liveMessage = z.object({
  /** Stream id: increasing; reconnect with `?since=<id>` to receive everything missed. */
  id: z.number().int(),
  type: z.enum(liveMessageTypes),
  compoundId: z.string().nullable(),
  at: apiTime,
  /**
   * Set on a message addressed to one user (a resident's own work orders): only that user's streams
   * receive it, live or on resume, never staff. Messages without it go to the staff of the compound, never to residents.
   */
  userId: z.string().optional(),
  alert: alert.optional(),
  incidentId: z.string().optional(),
  /** On every `work_order.update`. */
  workOrderId: z.string().optional(),
  workOrder: liveWorkOrderChange.optional(),
});
export type LiveMessage = z.infer<typeof liveMessage>;

/**
 * The last message of a live stream the cloud ends because access changed (signed out, session
 * expired, password reset, account disabled, role or compound removed). WebSocket: sent before the
 * close (code 4401, or 4403 for a lost compound/role, reason = `code`); SSE: `event: closed`.
 */
export const liveCloseCodes = ['SESSION_ENDED', 'SESSION_EXPIRED', 'ACCOUNT_DISABLED', 'ACCESS_REMOVED', 'COMPOUND_REMOVED'] as const;
export const liveClosed = z.object({
  type: z.literal('closed'),
  code: z.enum(liveCloseCodes),
  /** Plain words for the console to show (zh-CN, then English). */
  message: z.string(),
});
export type LiveClosed = z.infer<typeof liveClosed>;
