/**
 * Tolerant readers from the cloud's JSON to the view shapes. The cloud's response schemas are
 * built at the same time as this console; each reader accepts the field names we have seen or
 * expect (camelCase and snake_case) so a rename shows as an empty cell, not a crash.
 */
import {
  roleNames,
  workOrderStages,
  type AlertSeverity,
  type AlertView,
  type CompoundView,
  type DeviceView,
  type EventView,
  type GatewayView,
  type IncidentView,
  type Role,
  type SessionUser,
  type ShiftView,
  type SnapshotView,
  type WorkOrderStage,
  type WorkOrderView,
  type GateView,
} from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/** First string among the named fields. */
export function str(o: Obj, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}
export function num(o: Obj, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}
/** Epoch milliseconds or ISO strings become ISO strings. */
function time(o: Obj, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return new Date(v).toISOString();
  }
  return undefined;
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function toSessionUser(raw: unknown): SessionUser {
  const o = obj(raw);
  const role = str(o, 'role') ?? 'guard';
  return {
    id: str(o, 'id', 'userId') ?? '',
    username: str(o, 'username') ?? '',
    displayName: str(o, 'displayName', 'display_name', 'name', 'username') ?? '',
    role: (roleNames as readonly string[]).includes(role) ? (role as Role) : 'guard',
    compoundIds: strings(o.compoundIds ?? o.compound_ids),
    gateIds: o.gateIds ? strings(o.gateIds) : undefined,
  };
}

const severities: readonly AlertSeverity[] = ['critical', 'high', 'medium', 'low'];
export function toAlert(raw: unknown): AlertView {
  const o = obj(raw);
  const sev = str(o, 'severity') ?? 'medium';
  return {
    id: str(o, 'id', 'alertId') ?? '',
    compoundId: str(o, 'compoundId', 'compound_id') ?? '',
    compoundName: str(o, 'compoundName', 'compound_name'),
    deviceId: str(o, 'deviceId', 'device_id'),
    incidentId: str(o, 'incidentId', 'incident_id'),
    kind: str(o, 'kind') ?? 'other',
    severity: (severities as readonly string[]).includes(sev) ? (sev as AlertSeverity) : 'medium',
    title: str(o, 'title', 'message') ?? '',
    status: str(o, 'status', 'state') ?? 'open',
    raisedAt: time(o, 'raisedAt', 'raised_at', 'createdAt', 'created_at', 'occurredAt') ?? new Date(0).toISOString(),
    escalateAt: time(o, 'escalateAt', 'escalate_at', 'escalatesAt', 'nextEscalationAt', 'next_escalation_at'),
    escalationLevel: num(o, 'escalationLevel', 'escalation_level', 'level'),
    acknowledgedBy: str(o, 'acknowledgedBy', 'ackBy', 'acknowledged_by'),
  };
}

function toGateway(raw: unknown): GatewayView {
  const o = obj(raw);
  const state = str(o, 'state', 'status', 'availability');
  const online = o.online;
  return {
    id: str(o, 'id', 'gatewayId') ?? '',
    name: str(o, 'name'),
    compoundId: str(o, 'compoundId', 'compound_id'),
    state:
      state === 'online' || online === true ? 'online' : state === 'offline' || online === false ? 'offline' : state === 'pending' || state === 'enrolled' ? 'pending' : 'unknown',
    lastSeenAt: time(o, 'lastSeenAt', 'last_seen_at', 'lastAckAt', 'lastSeen'),
    lastAckedSeq: num(o, 'lastAckedSeq', 'last_acked_seq', 'lastSeq', 'committedUpTo'),
    configVersion: num(o, 'configVersion', 'config_version', 'latestConfigVersion', 'desiredConfigVersion'),
    appliedConfigVersion: num(o, 'appliedConfigVersion', 'applied_config_version', 'configApplied'),
  };
}

export function toCompound(raw: unknown): CompoundView {
  const o = obj(raw);
  const gws = Array.isArray(o.gateways) ? o.gateways.map(toGateway) : o.gateway ? [toGateway(o.gateway)] : [];
  const devices = obj(o.devices);
  const onDuty = Array.isArray(o.onDuty)
    ? o.onDuty.map((x) => (typeof x === 'string' ? x : (str(obj(x), 'displayName', 'userName', 'name', 'username') ?? '')))
    : [];
  return {
    id: str(o, 'id', 'compoundId') ?? '',
    name: str(o, 'name') ?? '',
    address: str(o, 'address'),
    gateways: gws,
    devicesOnline: num(o, 'devicesOnline') ?? num(devices, 'online'),
    devicesTotal: num(o, 'devicesTotal', 'deviceCount') ?? num(devices, 'total'),
    openAlerts: num(o, 'openAlerts', 'open_alerts', 'openAlertCount'),
    eventsToday: num(o, 'eventsToday', 'events_today', 'todayEvents'),
    onDuty,
  };
}

export function toDevice(raw: unknown): DeviceView {
  const o = obj(raw);
  const state = str(o, 'state', 'status', 'availability');
  return {
    id: str(o, 'id', 'deviceId') ?? '',
    name: str(o, 'name') ?? str(o, 'id') ?? '',
    kind: str(o, 'kind', 'type') ?? 'gate',
    state: state === 'online' || o.online === true ? 'online' : state === 'offline' || o.online === false ? 'offline' : 'unknown',
    lastSeenAt: time(o, 'lastSeenAt', 'last_seen_at', 'lastSeen'),
    gatewayId: str(o, 'gatewayId', 'gateway_id'),
  };
}

export function toEvent(raw: unknown): EventView {
  const o = obj(raw);
  return {
    id: str(o, 'id') ?? '',
    type: str(o, 'type') ?? '',
    compoundId: str(o, 'compoundId', 'compound_id'),
    deviceId: str(o, 'deviceId', 'device_id'),
    occurredAt: time(o, 'occurredAt', 'occurred_at', 'at', 'time') ?? '',
    data: o.data && typeof o.data === 'object' ? (o.data as Obj) : undefined,
  };
}

export function toSnapshot(raw: unknown, url: (id: string) => string): SnapshotView {
  const o = obj(raw);
  const id = typeof raw === 'string' ? raw : (str(o, 'id', 'snapshotId') ?? '');
  return { id, url: str(o, 'url', 'href') ?? url(id), deviceId: str(o, 'deviceId'), takenAt: time(o, 'takenAt', 'occurredAt', 'createdAt') };
}

export function toIncident(raw: unknown, snapshotUrl: (id: string) => string = (id) => `/api/snapshots/${id}`): IncidentView {
  const o = obj(raw);
  const timelineRaw = Array.isArray(o.timeline) ? o.timeline : Array.isArray(o.events) ? o.events : [];
  const snaps = Array.isArray(o.snapshots) ? o.snapshots : Array.isArray(o.snapshotIds) ? o.snapshotIds : [];
  const sev = str(o, 'severity');
  return {
    id: str(o, 'id') ?? '',
    compoundId: str(o, 'compoundId', 'compound_id') ?? '',
    title: str(o, 'title', 'key') ?? '',
    kind: str(o, 'kind'),
    severity: sev && (severities as readonly string[]).includes(sev) ? (sev as AlertSeverity) : undefined,
    status: str(o, 'status', 'state') ?? 'open',
    openedAt: time(o, 'openedAt', 'opened_at', 'createdAt', 'created_at', 'firstSeenAt') ?? '',
    alertCount: num(o, 'alertCount', 'alert_count', 'count'),
    workOrderId: str(o, 'workOrderId', 'work_order_id'),
    timeline: timelineRaw.map((e) => {
      const x = obj(e);
      return { at: time(x, 'at', 'occurredAt', 'createdAt', 'time') ?? '', text: str(x, 'text', 'title', 'type', 'action', 'note') ?? '' };
    }),
    snapshots: snaps.map((s) => toSnapshot(s, snapshotUrl)),
  };
}

/** Stage names may arrive in English keys or the Chinese step names. */
const stageAliases: Record<string, WorkOrderStage> = {
  点单: 'ordered', 派单: 'dispatched', 接单: 'accepted', 督单: 'supervised', 验单: 'verified',
  order: 'ordered', ordered: 'ordered', requested: 'ordered', new: 'ordered', created: 'ordered',
  dispatch: 'dispatched', dispatched: 'dispatched', assigned: 'dispatched',
  accept: 'accepted', accepted: 'accepted', in_progress: 'accepted',
  supervise: 'supervised', supervised: 'supervised', supervising: 'supervised',
  verify: 'verified', verified: 'verified', done: 'verified', closed: 'verified',
};
export function toStage(v: string | undefined): WorkOrderStage {
  return (v && stageAliases[v]) || (workOrderStages as readonly string[]).find((s) => s === v) as WorkOrderStage | undefined || 'ordered';
}

export function toWorkOrder(raw: unknown): WorkOrderView {
  const o = obj(raw);
  const stageRaw = str(o, 'stage', 'status');
  const hist = Array.isArray(o.history) ? o.history : Array.isArray(o.transitions) ? o.transitions : [];
  return {
    id: str(o, 'id') ?? '',
    compoundId: str(o, 'compoundId', 'compound_id'),
    title: str(o, 'title') ?? '',
    description: str(o, 'description'),
    stage: toStage(stageRaw),
    closed: o.closed === true || stageRaw === 'closed' || stageRaw === 'done' || str(o, 'status') === 'closed',
    assignee: str(o, 'assigneeName', 'assignee', 'assigneeId', 'assignee_id'),
    dueAt: time(o, 'dueAt', 'due_at'),
    createdAt: time(o, 'createdAt', 'created_at'),
    incidentId: str(o, 'incidentId', 'incident_id'),
    rating: num(o, 'rating', 'satisfaction'),
    photoUrl: str(o, 'photoUrl', 'photo'),
    history: hist.map((h) => {
      const x = obj(h);
      return { at: time(x, 'at', 'createdAt', 'time') ?? '', stage: str(x, 'stage', 'to', 'toStage'), by: str(x, 'by', 'byName', 'actor', 'userId'), note: str(x, 'note', 'comment') };
    }),
  };
}

export function toGate(raw: unknown): GateView {
  const o = obj(raw);
  return { id: str(o, 'id', 'gateId', 'deviceId') ?? '', name: str(o, 'name') ?? str(o, 'id') ?? '', compoundId: str(o, 'compoundId'), compoundName: str(o, 'compoundName') };
}

export function toShift(raw: unknown): ShiftView {
  const o = obj(raw);
  return {
    id: str(o, 'id') ?? '',
    post: str(o, 'post', 'postName', 'postId') ?? '',
    userName: str(o, 'userName', 'displayName', 'guardName', 'userId') ?? '',
    userId: str(o, 'userId', 'user_id', 'guardId'),
    compoundId: str(o, 'compoundId', 'compound_id'),
    start: time(o, 'start', 'startsAt', 'starts_at', 'startAt') ?? '',
    end: time(o, 'end', 'endsAt', 'ends_at', 'endAt') ?? '',
  };
}

export type { SnapshotView };
