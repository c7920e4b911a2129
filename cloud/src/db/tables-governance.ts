/**
 * Red-property tables (migrations 14x): streets, companies and their work-order flow, callbacks,
 * notice boards, care for residents living alone. Conventions as in cloud/README.md.
 */
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

export interface GovernanceTables {
  notice_boards: NoticeBoardsTable;
  notice_versions: NoticeVersionsTable;
  streets: StreetsTable;
  companies: CompaniesTable;
  callbacks: CallbacksTable;
}
