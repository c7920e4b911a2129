/** Names for ids: the caller's compounds, and users where the role may list them (admin, manager; others get 403 and see ids). */
import { useCallback, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Compound, Device, Gate, User } from '../api/types.js';
import { useSession } from '../api/session.js';
import { must, useTypedApi } from '../api/typed.js';
import { queryKeys } from '../api/queries.js';

export interface Directory {
  compounds: Compound[];
  users: User[];
  compoundName(id: string | null | undefined): string;
  userName(id: string | null | undefined): string;
  reloadCompounds(): void;
}

/** The caller's compounds, from the session's query cache (one request however many pages ask). */
export function useCompounds() {
  const api = useTypedApi();
  return useQuery({ queryKey: queryKeys.compounds, queryFn: async (): Promise<Compound[]> => (await must(api.GET('/api/compounds'))).compounds });
}

/** The devices of a compound ('' = all the caller's compounds), cached like the compounds. */
export function useDevices(compoundId = '') {
  const api = useTypedApi();
  return useQuery({
    queryKey: queryKeys.devices(compoundId),
    queryFn: async (): Promise<Device[]> => (await must(api.GET('/api/devices', { params: { query: { compoundId: compoundId || undefined } } }))).devices,
  });
}

/** The gates of a compound ('' = all mine), cached for the session's pages. */
export function useGates(compoundId = '') {
  const api = useTypedApi();
  return useQuery({
    queryKey: queryKeys.gates(compoundId),
    queryFn: async (): Promise<Gate[]> => (await must(api.GET('/api/gates', { params: { query: { compoundId: compoundId || undefined } } }))).gates,
  });
}

export function useDirectory(): Directory {
  const { session } = useSession();
  const mayListUsers = session?.user.role === 'admin' || session?.user.role === 'manager';
  const api = useTypedApi();
  const cache = useQueryClient();
  // Cached for the session: every page asks, one request goes out.
  const compounds = useCompounds();
  const users = useQuery({ queryKey: queryKeys.users, enabled: mayListUsers, queryFn: async (): Promise<User[]> => (await must(api.GET('/api/users', { params: { query: {} } }))).users });
  const reloadCompounds = useCallback(() => void cache.invalidateQueries({ queryKey: queryKeys.compounds }), [cache]);
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
      reloadCompounds,
    };
  }, [compounds.data, users.data, session, reloadCompounds]);
}
