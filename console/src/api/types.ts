/**
 * The shapes the pages render. Enum-like fields come from @yardguard/firmware-config as types only
 * (`import type` keeps zod out of the bundle). The HTTP response schemas are read tolerantly in
 * normalize.ts, so a renamed or missing field degrades one cell instead of breaking a page.
 */
import type { AccessMethod, AlertKind, AlertSeverity, DeviceKind } from '@yardguard/firmware-config';

export type { AccessMethod, AlertKind, AlertSeverity, DeviceKind };

export const roleNames = ['admin', 'manager', 'guard', 'installer', 'resident'] as const;
export type Role = (typeof roleNames)[number];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  compoundIds: string[];
  gateIds?: string[];
}

export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'escalated';

export interface AlertView {
  id: string;
  compoundId: string;
  compoundName?: string;
  deviceId?: string;
  incidentId?: string;
  kind: AlertKind | string;
  severity: AlertSeverity;
  title: string;
  status: AlertStatus | string;
  raisedAt: string;
  /** When the escalation timer fires if nobody acknowledges or resolves. */
  escalateAt?: string;
  escalationLevel?: number;
  acknowledgedBy?: string;
}

export interface CompoundView {
  id: string;
  name: string;
  address?: string;
  gateways: GatewayView[];
  devicesOnline?: number;
  devicesTotal?: number;
  openAlerts?: number;
  eventsToday?: number;
  onDuty: string[];
}

export interface GatewayView {
  id: string;
  name?: string;
  compoundId?: string;
  state: 'online' | 'offline' | 'unknown' | 'pending';
  lastSeenAt?: string;
  lastAckedSeq?: number;
  configVersion?: number;
  appliedConfigVersion?: number;
}

export interface DeviceView {
  id: string;
  name: string;
  kind: DeviceKind | 'gateway' | string;
  state: 'online' | 'offline' | 'unknown';
  lastSeenAt?: string;
  gatewayId?: string;
}

export interface EventView {
  id: string;
  type: string;
  compoundId?: string;
  deviceId?: string;
  occurredAt: string;
  data?: Record<string, unknown>;
}

export interface SnapshotView {
  id: string;
  url: string;
  deviceId?: string;
  takenAt?: string;
}

export interface IncidentView {
  id: string;
  compoundId: string;
  title: string;
  kind?: string;
  severity?: AlertSeverity;
  status: string;
  openedAt: string;
  alertCount?: number;
  workOrderId?: string;
  timeline: { at: string; text: string }[];
  snapshots: SnapshotView[];
}

export const workOrderStages = ['ordered', 'dispatched', 'accepted', 'supervised', 'verified'] as const;
export type WorkOrderStage = (typeof workOrderStages)[number];

export interface WorkOrderView {
  id: string;
  compoundId?: string;
  title: string;
  description?: string;
  stage: WorkOrderStage;
  /** Verified and closed (the last stage passed). */
  closed?: boolean;
  assignee?: string;
  dueAt?: string;
  createdAt?: string;
  incidentId?: string;
  rating?: number;
  photoUrl?: string;
  history: { at: string; stage?: string; by?: string; note?: string }[];
}

export interface GateView {
  id: string;
  name: string;
  compoundId?: string;
  compoundName?: string;
}

export interface GateOpenResult {
  ok: boolean;
  latencyMs?: number;
  status?: string;
  message?: string;
}

export interface ShiftView {
  id: string;
  post: string;
  userName: string;
  userId?: string;
  compoundId?: string;
  start: string;
  end: string;
}
