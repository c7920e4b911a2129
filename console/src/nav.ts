/** Which pages each role sees, in menu order. The first is the role's home. */
import type { Role } from './api/types.js';
import type { MessageKey } from './i18n/i18n.js';

export type PageId = 'alerts' | 'overview' | 'incidents' | 'work-orders' | 'my-orders' | 'shifts' | 'installer' | 'charts' | 'resident' | 'notice' | 'reports' | 'manage' | 'updates';

export const pageLabels: Record<PageId, MessageKey> = {
  alerts: 'nav.alerts',
  overview: 'nav.overview',
  incidents: 'nav.incidents',
  'work-orders': 'nav.workOrders',
  'my-orders': 'nav.myOrders',
  shifts: 'nav.shifts',
  installer: 'nav.installer',
  charts: 'nav.charts',
  resident: 'nav.resident',
  notice: 'nav.notice',
  reports: 'nav.reports',
  manage: 'nav.manage',
  updates: 'nav.updates',
};

export const pagesByRole: Record<Role, readonly PageId[]> = {
  admin: ['overview', 'alerts', 'incidents', 'work-orders', 'shifts', 'installer', 'charts', 'resident', 'notice', 'reports', 'manage', 'updates'],
  manager: ['overview', 'alerts', 'incidents', 'work-orders', 'shifts', 'charts', 'notice', 'reports', 'manage', 'updates'],
  guard: ['alerts', 'my-orders', 'incidents', 'shifts', 'overview'],
  installer: ['installer', 'my-orders', 'overview'],
  resident: ['resident'],
  // The other property teams and the governance side work the five-step flow (点单 派单 接单 督单 验单).
  staff: ['work-orders', 'reports'],
  grid_leader: ['work-orders', 'reports'],
  committee: ['work-orders', 'reports'],
  community: ['work-orders', 'reports'],
  street: ['reports', 'work-orders'],
};

/** Every page id (a known page a role may not open is refused in words, not replaced by the home page). */
export const allPages = Object.keys(pageLabels) as PageId[];

/** Roles that get the global alert layer (sound, notifications, count in the title). */
export const alertLayerRoles: readonly Role[] = ['admin', 'manager', 'guard'];

/** Roles that may press a gate's open button from the compound page. */
export const gateOpenRoles: readonly Role[] = ['admin', 'manager', 'guard'];
