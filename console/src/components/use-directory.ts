/** Names for ids: the caller's compounds, and users where the role may list them (admin, manager; others get 403 and see ids). */
import { useMemo } from 'react';
import type { Compound, CompoundList, User, UserList } from '../api/types.js';
import { useFetch } from './use-fetch.js';
import { useSession } from '../api/session.js';

export interface Directory {
  compounds: Compound[];
  users: User[];
  compoundName(id: string | null | undefined): string;
  userName(id: string | null | undefined): string;
  reloadCompounds(): void;
}

export function useDirectory(): Directory {
  const { session } = useSession();
  const mayListUsers = session?.user.role === 'admin' || session?.user.role === 'manager';
  const compounds = useFetch(async (a) => (await a.get<CompoundList>('/api/compounds')).compounds, []);
  const users = useFetch(async (a) => (mayListUsers ? (await a.get<UserList>('/api/users')).users : []), [mayListUsers]);
  return useMemo(() => {
    const cs = compounds.data ?? [];
    const us = users.data ?? [];
    const cn = new Map(cs.map((c) => [c.id, c.name]));
    const un = new Map(us.map((u) => [u.id, u.displayName || u.username]));
    if (session) un.set(session.user.id, session.user.displayName || session.user.username);
    return {
      compounds: cs,
      users: us,
      compoundName: (id) => (id ? (cn.get(id) ?? id) : '—'),
      userName: (id) => (id ? (un.get(id) ?? id) : '—'),
      reloadCompounds: compounds.reload,
    };
  }, [compounds.data, users.data, session, compounds.reload]);
}
