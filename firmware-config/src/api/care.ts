/**
 * Care for residents living alone (独居老人关爱): opt-in per household with recorded consent.
 * Activity is what the product already sees (the resident's own card swipes, app gate opens), a
 * daily 平安 check-in on the resident page, and optionally a door contact (门磁) on the household's
 * own flat door; no activity for the window (e.g. 24 h), or no check-in
 * by the set time (e.g. 10:00 China time), raises one care alert to the grid leader, then the
 * guard on duty, escalating like the others.
 */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';

const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'must be a phone number, digits only (e.g. 13838001234)');
export const careContact = z.object({ name: z.string().trim().min(1).max(40), relation: z.string().trim().max(20).default(''), phone }).strict();
export type CareContact = z.infer<typeof careContact>;

/** What counted as the household's last sign of life. */
export const careActivityKinds = ['card', 'app', 'check_in', 'door', 'enrolled'] as const;
export type CareActivityKind = (typeof careActivityKinds)[number];

export const enrollCareRequest = z.object({
  compoundId: apiSlug,
  /** Building / unit / room, e.g. 3号楼2单元401. */
  label: z.string().trim().min(1).max(60),
  residentId: apiId,
  /** Card references of the resident's own cards (as the gate reports them, e.g. card:7e1c). */
  credentialRefs: z.array(z.string().trim().min(1).max(128)).max(10).default([]),
  /**
   * Door contacts on the household's own flat door (device ids of kind door_contact in this
   * compound's site config, e.g. door-b2-101). Their opens and closes count as activity; a contact
   * serves one enrolled household.
   */
  doorContactIds: z.array(apiSlug).max(4).default([]),
  windowHours: z.number().int().min(2).max(168).default(24),
  /** HH:mm China time: a 平安 check-in is expected every day by then; omit for none. */
  checkInBy: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm').optional(),
  contacts: z.array(careContact).min(1, 'give at least one person to call').max(5),
  /** Who agreed (the resident or their guardian), and how (signed form, phone call…). */
  consent: z.object({ by: z.string().trim().min(1).max(40), note: z.string().trim().min(1).max(200) }).strict(),
}).strict();
export type EnrollCareRequest = z.input<typeof enrollCareRequest>;

export const careHousehold = z.object({
  id: apiId,
  compoundId: apiSlug,
  label: z.string(),
  residentId: apiId,
  residentName: z.string(),
  credentialRefs: z.array(z.string()),
  doorContactIds: z.array(z.string()),
  windowHours: z.number().int(),
  checkInBy: z.string().nullable(),
  contacts: z.array(careContact),
  consentBy: z.string(),
  consentNote: z.string(),
  consentAt: apiTime,
  consentRecordedBy: apiId,
  enabled: z.boolean(),
  lastActivityAt: apiTime.nullable(),
  lastActivityKind: z.enum(careActivityKinds).nullable(),
  lastCheckInOn: z.string().nullable(),
  alertId: z.string().nullable(),
});
export type CareHousehold = z.infer<typeof careHousehold>;
export const careHouseholdList = z.object({ households: z.array(careHousehold) });
export type CareHouseholdList = z.infer<typeof careHouseholdList>;
export const careMe = z.object({ household: careHousehold.nullable(), checkedInToday: z.boolean() });
export type CareMe = z.infer<typeof careMe>;
