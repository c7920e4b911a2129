/**
 * The five-stage flow 点单 -> 派单 -> 接单 -> 督单 -> 验单, pure: which move is valid and who may
 * make it. Kept apart from storage so the rules read as a table.
 */
import type { WorkOrderStage } from '@yardguard/firmware-config';
import { workOrderCategories } from '@yardguard/firmware-config';
import type { AuthUser } from '../types.js';

export const nextStage: Record<WorkOrderStage, WorkOrderStage | null> = {
  requested: 'dispatched', dispatched: 'accepted', accepted: 'supervised', supervised: 'verified', verified: null,
};

export interface FlowSubject {
  stage: WorkOrderStage;
  requestedBy: string;
  assigneeId: string | null;
}

const isManager = (u: AuthUser) => u.role === 'admin' || u.role === 'manager';

/** null when allowed, else the reason (a sentence for the 403/409). */
export function transitionDenied(wo: FlowSubject, to: WorkOrderStage, user: AuthUser): { status: 403 | 409; reason: string } | null {
  if (nextStage[wo.stage] !== to) return { status: 409, reason: `A work order at stage ${wo.stage} cannot move to ${to}; the next stage is ${nextStage[wo.stage] ?? 'none (closed)'}.` };
  switch (to) {
    case 'dispatched':
    case 'supervised':
      return isManager(user) ? null : { status: 403, reason: `Only a property manager can move a work order to ${to}.` };
    case 'accepted':
      return isManager(user) || wo.assigneeId === user.id ? null : { status: 403, reason: 'Only the assigned worker (or a manager) can accept this work order.' };
    case 'verified':
      return isManager(user) || (user.role === 'resident' && wo.requestedBy === user.id)
        ? null : { status: 403, reason: 'Only the resident who asked for it, or a manager, can verify and close this work order.' };
    default:
      return { status: 409, reason: `Unknown stage ${to}.` };
  }
}

export function dueHoursOf(category: string): number {
  return workOrderCategories.find((c) => c.id === category)?.dueHours ?? 72;
}
