/** Who is asking: set on request.user by the auth plugin (core) for every authenticated route. */
export const roles = ['admin', 'manager', 'guard', 'installer', 'resident'] as const;
export type Role = (typeof roles)[number];

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Compounds this user may act in; admins get every compound. */
  compoundIds: string[];
  /** Residents: the gates of their compound they may open. */
  gateIds?: string[];
}
