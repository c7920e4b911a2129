/**
 * Who may move a work order on is the company's flow, decided by the cloud (cloud/src/work-orders/flow.ts):
 * every work order it sends carries `mayMove` for the signed-in user; buttons are shown only then.
 */
import type { WorkOrder } from '../../api/types.js';
import { nextStage } from '../../api/types.js';

export function canAdvance(wo: WorkOrder): boolean {
  return !!nextStage(wo.stage) && wo.mayMove === true;
}
