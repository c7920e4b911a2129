/** Contract-shaped sample objects for component tests (realistic compound names from DOMAIN.md). */
import type { Alert, AlertSeverity, Compound, WorkOrder, WorkOrderStage } from '../api/types.js';

/**
 * Every time here is relative to the clock the test runs under (`Date.now()` at the moment the
 * fixture is built, so `vi.setSystemTime` moves it too), never a calendar date: a fixed date turns
 * into "overdue" once that day has passed and the test flips.
 */
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

// Alerts are stamped from one base taken when the fixtures load, so alerts made by separate calls
// still sort by their number (a1 < a2 < a3). Recent, so escalation countdowns are running.
const ALERT_BASE = Date.now() - 10_000;

export function makeAlert(i: number, over: Partial<Alert> = {}): Alert {
  const now = Date.now();
  const at = iso(ALERT_BASE + i);
  const severity: AlertSeverity = (['critical', 'high', 'medium', 'low'] as const)[i % 4]!;
  return {
    id: `a${i}`,
    compoundId: i % 2 ? 'c1' : 'c2',
    gatewayId: 'gw1',
    deviceId: 'gate-east',
    key: `gate-east:door_forced:${i}`,
    kind: 'door_forced',
    severity,
    title: `东门被强行打开 #${i}`,
    source: 'edge',
    status: 'new',
    count: 1,
    firstAt: at,
    lastAt: at,
    causeEventId: null,
    snapshotIds: [],
    incidentId: `inc${i}`,
    assigneeId: 'u-guard',
    assigneeName: '王师傅',
    escalationLevel: 0,
    retriggers: 0,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    resolveNote: null,
    createdAt: at,
    updatedAt: iso(now),
    // The cloud's pending timer: five minutes from now unless a test says otherwise.
    nextEscalationAt: iso(now + 5 * 60_000),
    ...over,
  };
}

export function makeAlerts(n: number): Alert[] {
  return Array.from({ length: n }, (_, i) => makeAlert(i));
}

export function makeWorkOrder(id: string, stage: WorkOrderStage, over: Partial<WorkOrder> = {}): WorkOrder {
  const now = Date.now();
  // Created an hour ago with a 24-hour SLA: not breached unless a test says so.
  const created = iso(now - HOUR);
  return {
    id,
    compoundId: 'c1',
    category: 'blocked_drain',
    title: `3 号楼下水道堵塞 ${id}`,
    description: null,
    location: '3 号楼 2 单元',
    stage,
    requestedBy: 'u-resident',
    assigneeId: stage === 'requested' ? null : 'u-fix',
    incidentId: null,
    stepDueAt: stage === 'verified' ? null : iso(now + 2 * HOUR),
    mayMove: stage !== 'verified',
    photoIds: [],
    createdAt: created,
    dueAt: iso(now + 23 * HOUR),
    dispatchedAt: null,
    acceptedAt: null,
    supervisedAt: null,
    verifiedAt: null,
    slaBreached: false,
    rating: null,
    ratingComment: null,
    updatedAt: created,
    ...over,
  };
}

/** An ISO time `ms` before now (under the test's clock). */
export const ago = (ms: number): string => iso(Date.now() - ms);

export function makeCompound(id: string, name: string, households: number, over: Partial<Compound> = {}): Compound {
  return { id, name, address: null, district: null, households, createdAt: ago(300 * 24 * HOUR), ...over };
}
