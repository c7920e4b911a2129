/**
 * The red-property way of working (红色物业): companies under a street, the five teams, and who may
 * make each move of a work order (点单 派单 接单 督单 验单), configurable per company.
 */
import { z } from 'zod';
import { apiId, apiRole, apiSlug, type ApiRole } from './common.js';
import type { WorkOrderStage } from './ops.js';

/** The five teams of a street-run property company (秩序维护 环境保洁 客服保障 维修服务 财务). */
export const staffTeams = ['security', 'cleaning', 'service', 'repairs', 'finance'] as const;
export const staffTeam = z.enum(staffTeams);
export type StaffTeam = z.infer<typeof staffTeam>;
export const staffTeamZh: Record<StaffTeam, string> = {
  security: '秩序维护', cleaning: '环境保洁', service: '客服保障', repairs: '维修服务', finance: '财务',
};

/** The moves of the flow; each one leads to a stage (request creates the order). */
export const flowMoves = ['request', 'dispatch', 'accept', 'supervise', 'verify'] as const;
export const flowMove = z.enum(flowMoves);
export type FlowMove = z.infer<typeof flowMove>;
export const moveToStage: Record<FlowMove, WorkOrderStage> = {
  request: 'requested', dispatch: 'dispatched', accept: 'accepted', supervise: 'supervised', verify: 'verified',
};
export const flowMoveZh: Record<FlowMove, string> = { request: '点单', dispatch: '派单', accept: '接单', supervise: '督单', verify: '验单' };

export const workOrderFlow = z.object({
  /** Roles that may make each move. Accept by field staff (guard, staff, installer) also needs to be the assignee. */
  moves: z.object({
    request: z.array(apiRole).min(1), dispatch: z.array(apiRole).min(1), accept: z.array(apiRole).min(1),
    supervise: z.array(apiRole).min(1), verify: z.array(apiRole).min(1),
  }).strict(),
  /**
   * Each step's own due time, in hours from the previous move. supervise null = the category's due
   * hours (the work itself) counted from acceptance.
   */
  stepDueHours: z.object({
    dispatch: z.number().positive().max(720), accept: z.number().positive().max(720),
    supervise: z.number().positive().max(720).nullable(), verify: z.number().positive().max(720),
  }).strict(),
}).strict();
export type WorkOrderFlow = z.infer<typeof workOrderFlow>;

/**
 * The default: the owner orders (业主点单; customer service and guards record phone and walk-up
 * orders), the Party branch / grid dispatches (支部派单), the property company accepts (物业接单),
 * the owners' committee supervises (业委会督单), the community verifies (社区验单).
 */
export const defaultWorkOrderFlow: WorkOrderFlow = {
  moves: {
    request: ['resident', 'staff', 'guard', 'manager', 'grid_leader'],
    dispatch: ['grid_leader'],
    accept: ['manager', 'staff', 'guard', 'installer'],
    supervise: ['committee'],
    verify: ['community'],
  },
  stepDueHours: { dispatch: 2, accept: 4, supervise: null, verify: 48 },
};

/** Roles that work for the property company (may be assigned work; never supervise or verify by default). */
export const companyRoles: readonly ApiRole[] = ['manager', 'guard', 'staff'];

export const street = z.object({ id: apiSlug, name: z.string() });
export type Street = z.infer<typeof street>;
export const company = z.object({
  id: apiSlug, name: z.string(), streetId: apiSlug.nullable(), compoundIds: z.array(apiSlug), flow: workOrderFlow, flowIsDefault: z.boolean(),
});
export type Company = z.infer<typeof company>;
export const companyList = z.object({ companies: z.array(company), streets: z.array(street) });
export type CompanyList = z.infer<typeof companyList>;
export const companyIdParams = z.object({ companyId: apiSlug });
export const putWorkOrderFlowRequest = workOrderFlow;
export type PutWorkOrderFlowRequest = z.infer<typeof putWorkOrderFlowRequest>;

/** GET /api/work-orders/:id/moves: what the signed-in user may do next (the console shows only those buttons). */
export const workOrderMoves = z.object({
  next: flowMove.nullable(),
  allowed: z.boolean(),
  /** Why not, in words (role, own work, assignee). */
  reason: z.string().nullable(),
  roles: z.array(apiRole),
});
export type WorkOrderMoves = z.infer<typeof workOrderMoves>;
export const workOrderIdParams = z.object({ workOrderId: apiId });

/** Whom a requested work order can be dispatched to (派单): the company's people in its compound, for whoever may dispatch it. */
export const workOrderAssignees = z.object({
  assignees: z.array(z.object({ id: apiId, displayName: z.string(), role: apiRole })),
});
export type WorkOrderAssignees = z.infer<typeof workOrderAssignees>;
