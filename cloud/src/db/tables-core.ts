/**
 * Core table row types (Kysely). Conventions (see cloud/README.md): text ids, ISO UTC text times,
 * integer 0/1 booleans, JSON as text. Column names are snake_case.
 */
import type { Generated } from 'kysely';
import type { DeviceKindApi } from '@yardguard/firmware-config';
import type { Role } from '../types.js';

export interface CompoundsTable {
  id: string;
  name: string;
  address: string | null;
  district: string | null;
  households: number | null;
  created_at: string;
  /** Migration 140: the property company running it and the community (社区) it belongs to. */
  company_id?: string | null;
  community?: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  /** Residents: gate rights end after this date (YYYY-MM-DD, inclusive). */
  lease_ends_on: string | null;
  disabled: number;
  created_at: string;
  /** Migration 140: phone (call lists, the notice board) and staff team. */
  phone?: string | null;
  team?: string | null;
}

export interface UserCompoundsTable {
  user_id: string;
  compound_id: string;
}

/** Residents' gate rights (device ids of gates, `<gatewayId>.<deviceId>`). */
export interface ResidentGatesTable {
  user_id: string;
  gate_id: string;
}

export interface SessionsTable {
  /** sha256 of the opaque token: a stolen database does not yield usable tokens. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface GatewaysTable {
  id: string;
  compound_id: string;
  name: string | null;
  public_key: string;
  mqtt_username: string;
  mqtt_password_hash: string;
  enrolled_at: string;
  last_ack_at: string | null;
  last_acked_seq: number;
  link_state: 'never' | 'online' | 'offline';
  link_changed_at: string | null;
  config_version: number;
  applied_config_version: number;
  agent_version: string | null;
  hw_model: string | null;
  /** Migration 002. Null = trusted. */
  revoked_at: Generated<string | null>;
}

export interface DevicesTable {
  /** `<gatewayId>.<deviceId>` */
  id: string;
  compound_id: string;
  gateway_id: string;
  device_id: string;
  /** A contract device kind (firmware-config kinds/), the gateway itself, or not (yet) in the config. */
  kind: DeviceKindApi;
  name: string | null;
  last_seen_at: string | null;
  online: number | null;
}

export interface EventsTable {
  id: string;
  compound_id: string;
  gateway_id: string;
  device_id: string;
  seq: number;
  type: string;
  occurred_at: string;
  received_at: string;
  /** JSON text of the event's data. */
  data: string;
}

export interface EnrollmentCodesTable {
  code: string;
  compound_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  gateway_id: string | null;
  gateway_name: string | null;
  /** Optional site config prepared in advance (JSON text). */
  site_config: string | null;
}

export interface ConfigVersionsTable {
  gateway_id: string;
  version: number;
  config: string;
  created_at: string;
  created_by: string;
}

export interface CommandsTable {
  id: string;
  gateway_id: string;
  device_id: string;
  action: string;
  issued_by: string;
  issued_at: string;
  expires_at: string;
  status: 'sent' | 'ok' | 'error' | 'timeout';
  result: string | null;
  completed_at: string | null;
  /** 1 when the device's answer came after the cloud had recorded a timeout. */
  late_answer: Generated<number>;
}

export interface GateOpenAuditTable {
  id: string;
  command_id: string;
  compound_id: string;
  gate_id: string;
  user_id: string | null;
  username: string | null;
  visitor_pass_id: string | null;
  requested_at: string;
  result: 'ok' | 'error' | 'timeout' | 'offline';
  error_code: string | null;
  latency_ms: number | null;
  /** gate.open, gate.hold_open or gate.lock. */
  action: Generated<string>;
  /** When the device's answer arrived (later than the timeout when it answered late). */
  answered_at: Generated<string | null>;
}

export interface VisitorPassesTable {
  id: string;
  code: string;
  gate_id: string;
  compound_id: string;
  issued_by: string;
  visitor_name: string | null;
  valid_from: string;
  valid_until: string;
  max_uses: number;
  uses: Generated<number>;
  revoked: Generated<number>;
  created_at: string;
}

export interface LoginFailuresTable {
  /** `acct:<name>`, `src:<ip>` or `pair:<name>|<ip>`. */
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

export interface LoginSourcesTable {
  username: string;
  source: string;
  last_success_at: string;
}

export interface CoreTables {
  compounds: CompoundsTable;
  users: UsersTable;
  user_compounds: UserCompoundsTable;
  resident_gates: ResidentGatesTable;
  sessions: SessionsTable;
  gateways: GatewaysTable;
  devices: DevicesTable;
  events: EventsTable;
  enrollment_codes: EnrollmentCodesTable;
  config_versions: ConfigVersionsTable;
  commands: CommandsTable;
  gate_open_audit: GateOpenAuditTable;
  visitor_passes: VisitorPassesTable;
  login_failures: LoginFailuresTable;
  login_sources: LoginSourcesTable;
}
