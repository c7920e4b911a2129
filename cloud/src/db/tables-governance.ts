/**
 * Red-property tables (migrations 14x): streets, companies and their work-order flow, callbacks,
 * notice boards, care for residents living alone. Conventions as in cloud/README.md.
 */

import type { CareActivityKind } from '@yardguard/firmware-config';
export interface StreetsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface CompaniesTable {
  id: string;
  name: string;
  street_id: string | null;
  /** JSON of WorkOrderFlow; null = the default flow. */
  flow: string | null;
  created_at: string;
}

export interface CallbacksTable {
  id: string;
  work_order_id: string;
  compound_id: string;
  /** Who asked for the work (the person to call back). */
  resident_id: string;
  /** The number at the time of 验单 (a call list survives a later edit). */
  phone: string | null;
  verified_at: string;
  due_at: string;
  status: 'pending' | 'done' | 'unreachable';
  attempts: number;
  channel: 'phone' | 'app' | null;
  satisfaction: number | null;
  result: string | null;
  called_by: string | null;
  called_at: string | null;
}

export interface NoticeBoardsTable {
  compound_id: string;
  /** Random, unguessable: the public address (QR code at the gate). */
  token: string;
  created_at: string;
}

export interface NoticeVersionsTable {
  id: string;
  compound_id: string;
  version: number;
  /** JSON of NoticeContent as published. */
  content: string;
  published_by: string;
  published_at: string;
}

export interface CareHouseholdsTable {
  id: string;
  compound_id: string;
  label: string;
  resident_id: string;
  /** JSON array of the resident's card references. */
  credential_refs: string;
  /** JSON array of door-contact device ids (site-config ids) on the household's own door. */
  door_contact_ids: string;
  window_hours: number;
  /** HH:mm China time, or null. */
  check_in_by: string | null;
  /** JSON array of CareContact. */
  contacts: string;
  consent_by: string;
  consent_note: string;
  consent_at: string;
  consent_recorded_by: string;
  enabled: number;
  last_activity_at: string | null;
  last_activity_kind: CareActivityKind | null;
  /** China date (YYYY-MM-DD) of the last 平安 check-in. */
  last_check_in_on: string | null;
  /** The episode an alert was raised for (`w:<last activity>` or `c:<date>`): one alert per episode. */
  alerted_for: string | null;
  alert_id: string | null;
  created_at: string;
}

export interface CareActivityTable {
  id: string;
  household_id: string;
  kind: Exclude<CareActivityKind, 'enrolled'>;
  /** The event or gate-open audit row it came from (dedup). */
  source_id: string | null;
  at: string;
}

export interface GovernanceTables {
  care_households: CareHouseholdsTable;
  care_activity: CareActivityTable;
  notice_boards: NoticeBoardsTable;
  notice_versions: NoticeVersionsTable;
  streets: StreetsTable;
  companies: CompaniesTable;
  callbacks: CallbacksTable;
}
