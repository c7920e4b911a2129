/** Who may move a work order on (cloud/src/ops-api.md): buttons are shown only to them. */
import type { Role, WorkOrder } from '../../api/types.js';
import { nextStage } from '../../api/types.js';

export function canAdvance(role: Role, userId: string, wo: WorkOrder): boolean {
  const to = nextStage(wo.stage);
  if (!to) return false;
  if (role === 'admin' || role === 'manager') return true;
  if (to === 'accepted') return wo.assigneeId === userId;
  if (to === 'verified') return role === 'resident' && wo.requestedBy === userId;
  return false;
}
