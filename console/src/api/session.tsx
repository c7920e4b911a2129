/** The signed-in user and the API clients bound to their token (raw and typed); 401 anywhere signs out. */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createApiClient, type ApiClient } from './client.js';
import { newQueryClient } from './queries.js';
import { createTypedApi, must, TypedApiContext } from './typed.js';
import type { SessionUser } from './types.js';

export interface Session {
  token: string;
  user: SessionUser;
}

interface SessionValue {
  session: Session | null;
  /** The last session ended because the cloud refused its token (401), not by signing out. */
  expired: boolean;
  api: ApiClient;
  login(username: string, password: string): Promise<Session>;
  logout(): void;
}

const STORAGE_KEY = 'yg.session';
const SessionContext = createContext<SessionValue | null>(null);

function readStored(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s && typeof s.token === 'string' && s.user ? s : null;
  } catch {
    return null;
  }
}

function store(s: Session | null) {
  try {
    if (s) localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode: the session lasts for this page only.
  }
}

export function SessionProvider({ children, baseUrl, initial }: { children: ReactNode; baseUrl?: string; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initial !== undefined ? initial : readStored()));
  // The client reads the token through a ref so it keeps one identity across sign-ins.
  const tokenRef = useRef<string | null>(session?.token ?? null);
  tokenRef.current = session?.token ?? null;

  const [expired, setExpired] = useState(false);
  const logout = useCallback(() => {
    // Revoke the token server-side too; signing out locally must not wait for it.
    if (tokenRef.current) void fetch(`${baseUrl ?? ''}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${tokenRef.current}` } }).catch(() => {});
    store(null);
    setSession(null);
  }, [baseUrl]);

  const api = useMemo(
    () =>
      createApiClient({
        baseUrl,
        getToken: () => tokenRef.current,
        onUnauthorized: () => {
          // A refused login is not an expired session.
          if (!tokenRef.current) return;
          setExpired(true);
          logout();
        },
      }),
    [baseUrl, logout],
  );
  const typed = useMemo(() => createTypedApi(api), [api]);

  const login = useCallback(
    async (username: string, password: string) => {
      const body = await must(typed.POST('/api/auth/login', { body: { username, password } }));
      const s: Session = { token: body.token, user: body.user };
      tokenRef.current = body.token;
      setExpired(false);
      store(s);
      setSession(s);
      return s;
    },
    [typed],
  );

  const value = useMemo(() => ({ session, expired, api, login, logout }), [session, expired, api, login, logout]);
  // One query cache per signed-in user: nothing cached for one account is shown to the next.
  const queries = useMemo(() => newQueryClient(), [session?.token]);
  return (
    <SessionContext.Provider value={value}>
      <TypedApiContext.Provider value={typed}>
        <QueryClientProvider client={queries}>{children}</QueryClientProvider>
      </TypedApiContext.Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export function useApi(): ApiClient {
  return useSession().api;
}
