/** Contract-shaped sample objects for component tests (realistic compound names from DOMAIN.md). */
import type { Alert, AlertSeverity, WorkOrder, WorkOrderStage } from '../api/types.js';

// Recent, so escalation countdowns are running when a test looks at them.
const T0 = Date.now() - 10_000;

export function makeAlert(i: number, over: Partial<Alert> = {}): Alert {
  const at = new Date(T0 + i).toISOString();
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
    updatedAt: new Date().toISOString(),
    // The cloud's pending timer: five minutes from now unless a test says otherwise.
    nextEscalationAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    ...over,
  };
}

export function makeAlerts(n: number): Alert[] {
  return Array.from({ length: n }, (_, i) => makeAlert(i));
}

export function makeWorkOrder(id: string, stage: WorkOrderStage, over: Partial<WorkOrder> = {}): WorkOrder {
  const created = '2026-11-24T08:00:00.000Z';
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
    stepDueAt: stage === 'verified' ? null : '2026-11-24T10:00:00.000Z',
    mayMove: stage !== 'verified',
    photoIds: [],
    createdAt: created,
    dueAt: '2026-11-25T08:00:00.000Z',
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
