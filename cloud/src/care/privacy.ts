/**
 * Who may see what care watches. A household door contact's opens and closes tell when an old
 * person is at home: only the roles that do care see those events (the care alert itself still goes
 * to the grid leader and the guard on duty, with the contacts, as the issue asks).
 */
import { eventTypesByDeviceKind, type EventType } from '@yardguard/firmware-config';
import type { Role } from '../types.js';

/** Roles that enrol households and follow their activity. */
export const CARE_ROLES = ['admin', 'manager', 'grid_leader', 'community'] as const satisfies readonly Role[];

/** Event types only the care roles may read (a household door contact's events). */
export const CARE_ONLY_EVENT_TYPES: readonly EventType[] = eventTypesByDeviceKind.door_contact;

export const seesCareEvents = (role: Role): boolean => (CARE_ROLES as readonly Role[]).includes(role);
