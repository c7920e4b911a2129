/**
 * The five-step flow 点单 -> 派单 -> 接单 -> 督单 -> 验单, pure: which move comes next, who may make
 * it (the company's flow, firmware-config defaultWorkOrderFlow), and when each step is due. Kept
 * apart from storage so the rules read as a table (tested role x step in flow.test.ts).
 */
import {
  flowMoveZh, workOrderCategories, type ApiRole, type FlowMove, type WorkOrderFlow, type WorkOrderStage,
} from '@yardguard/firmware-config';
import { HttpError, conflict } from '../errors.js';

export const nextStage: Record<WorkOrderStage, WorkOrderStage | null> = {
  requested: 'dispatched', dispatched: 'accepted', accepted: 'supervised', supervised: 'verified', verified: null,
};

/** The move that leads to a stage. */
export const moveFor: Record<WorkOrderStage, FlowMove> = {
  requested: 'request', dispatched: 'dispatch', accepted: 'accept', supervised: 'supervise', verified: 'verify',
};

/** The next move of an order at this stage (null when closed). */
export const nextMove = (stage: WorkOrderStage): FlowMove | null => {
  const s = nextStage[stage];
  return s ? moveFor[s] : null;
};

export interface FlowSubject {
  stage: WorkOrderStage;
  requestedBy: string;
  assigneeId: string | null;
  acceptedBy: string | null;
  supervisedBy: string | null;
}

/** The flow's view of a stored row. */
export const subjectOf = (w: { stage: WorkOrderStage; requested_by: string; assignee_id: string | null; accepted_by?: string | null; supervised_by?: string | null }): FlowSubject => ({
  stage: w.stage, requestedBy: w.requested_by, assigneeId: w.assignee_id, acceptedBy: w.accepted_by ?? null, supervisedBy: w.supervised_by ?? null,
});

export interface Actor {
  id: string;
  role: ApiRole;
}

export interface Denial {
  status: 403 | 409;
  reason: string;
}

const roleZh: Record<ApiRole, string> = {
  admin: '系统管理员', manager: '物业经理', guard: '秩序维护员', staff: '物业员工', installer: '安装人员', resident: '业主/居民',
  grid_leader: '支部/网格长', committee: '业委会/自管会', community: '社区', street: '街道',
};
const fieldStaff: readonly ApiRole[] = ['guard', 'staff', 'installer'];

/** May this person create an order (点单)? null when allowed. */
export function requestDenied(flow: WorkOrderFlow, user: Actor): Denial | null {
  return flow.moves.request.includes(user.role) ? null
    : { status: 403, reason: `点单 (a new work order) is made by ${flow.moves.request.map((r) => roleZh[r]).join('、')}; you are ${roleZh[user.role]}.` };
}

/** null when allowed, else the reason (a sentence for the 403/409). */
/** The HTTP error for a denied move: 409 for the wrong step, 403 for the wrong person. */
export function denialError(denied: Denial): HttpError {
  return denied.status === 409 ? conflict(denied.reason) : new HttpError(403, 'FORBIDDEN', denied.reason);
}

export function moveDenied(flow: WorkOrderFlow, wo: FlowSubject, move: FlowMove, user: Actor): Denial | null {
  const expected = nextMove(wo.stage);
  if (move === 'request' || expected !== move) {
    return { status: 409, reason: `This work order is at ${wo.stage}; the next step is ${expected ? flowMoveZh[expected] : 'none (closed)'}, not ${flowMoveZh[move]}.` };
  }
  const allowed = flow.moves[move];
  if (!allowed.includes(user.role)) {
    return { status: 403, reason: `${flowMoveZh[move]} is made by ${allowed.map((r) => roleZh[r]).join('、')}; you are ${roleZh[user.role]}.` };
  }
  if (move === 'accept' && fieldStaff.includes(user.role) && wo.assigneeId !== user.id) {
    return { status: 403, reason: '接单: only the worker this order was dispatched to (or a property manager) can accept it.' };
  }
  if (move === 'supervise' || move === 'verify') {
    // Separation of duties: the people who did the work do not judge it.
    if (user.id === wo.assigneeId || user.id === wo.acceptedBy) {
      return { status: 403, reason: `${flowMoveZh[move]}: nobody supervises or verifies their own work; ask another ${allowed.map((r) => roleZh[r]).join('、')}.` };
    }
    if (move === 'verify' && user.id === wo.supervisedBy) {
      return { status: 403, reason: '验单: the person who supervised (督单) this order cannot also verify it.' };
    }
  }
  return null;
}

export function dueHoursOf(category: string): number {
  return workOrderCategories.find((c) => c.id === category)?.dueHours ?? 72;
}

/** When the step after reaching `stage` at atMs is due (null once closed). */
export function stepDueAtMs(flow: WorkOrderFlow, stage: WorkOrderStage, category: string, atMs: number): number | null {
  const move = nextMove(stage);
  if (!move || move === 'request') return null;
  const hours = move === 'supervise' ? flow.stepDueHours.supervise ?? dueHoursOf(category) : flow.stepDueHours[move];
  return atMs + hours * 3_600_000;
}
