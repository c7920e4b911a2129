/** Who is asking: set on request.user by the auth plugin (core) for every authenticated route. */
import { apiRoles, type ApiRole } from '@yardguard/firmware-config';

/** The roles (firmware-config/src/api/common.ts): property company, governance side, residents. */
export const roles = apiRoles;
export type Role = ApiRole;

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Compounds this user may act in; admins get every compound. */
  compoundIds: string[];
  /** Street viewers: the streets they see (every compound of every company in them, read-only). */
  streetIds?: string[];
  /** Residents: the gates of their compound they may open. */
  gateIds?: string[];
}
