/** The signed-in shell: header with role navigation, the live stream, and the routed page. */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { useSession } from './api/session.js';
import { must, useTypedApi } from './api/typed.js';
import { LiveProvider } from './api/use-live.js';
import { Login } from './features/login/Login.js';
import { AlertCenterProvider } from './features/alert-center/AlertCenter.js';
import { AlertLayer } from './features/alert-center/AlertLayer.js';
import { LangSwitch, useI18n } from './i18n/i18n.js';
import { alertLayerRoles, allPages, pageLabels, pagesByRole, type PageId } from './nav.js';
import { href, useRoute } from './router.js';
import { Loading } from './components/ui.js';
import { noticeTokenFromLocation } from './features/notice/notice-address.js';

// Every page is its own chunk: the first load is the shell and the login form only.
const pages: Record<PageId, LazyExoticComponent<ComponentType>> = {
  alerts: lazy(() => import('./features/alerts/AlertDesk.js')),
  overview: lazy(() => import('./features/overview/Overview.js')),
  incidents: lazy(() => import('./features/incidents/Incidents.js')),
  'work-orders': lazy(() => import('./features/work-orders/WorkOrders.js')),
  'my-orders': lazy(() => import('./features/my-orders/MyOrders.js')),
  shifts: lazy(() => import('./features/shifts/Shifts.js')),
  installer: lazy(() => import('./features/installer/Installer.js')),
  charts: lazy(() => import('./features/charts/Charts.js')),
  resident: lazy(() => import('./features/resident/ResidentPage.js')),
  notice: lazy(() => import('./features/notice/NoticeEditor.js')),
  reports: lazy(() => import('./features/reports/Reports.js')),
  updates: lazy(() => import('./features/updates/Updates.js')),
  manage: lazy(() => import('./features/manage/Manage.js')),
};
const CompoundPage = lazy(() => import('./features/compound/CompoundPage.js'));
const NoticePage = lazy(() => import('./features/notice/NoticePage.js'));
const Account = lazy(() => import('./features/account/Account.js'));
const VisitorPage = lazy(() => import('./features/visitor/VisitorPage.js'));

export function App() {
  const { session } = useSession();
  const api = useTypedApi();
  const route = useRoute();
  // The public notice board (QR code at the gate) needs no account.
  const noticeToken = noticeTokenFromLocation();
  if (noticeToken) {
    return (
      <Suspense fallback={<Loading />}>
        <NoticePage token={noticeToken} />
      </Suspense>
    );
  }
  // A visitor's link works without an account (and whoever is signed in on this phone).
  if (route.path[0] === 'visit' && route.path[1]) {
    return (
      <Suspense fallback={<Loading />}>
        <VisitorPage code={route.path[1]} />
      </Suspense>
    );
  }
  if (!session) return <Login />;
  // Staff get their compounds' alerts on the stream; a resident only updates of the repair requests they placed.
  // A refused stream may be an expired session: asking the cloud who we are signs out on 401.
  const checkSession = () => void must(api.GET('/api/auth/me')).catch(() => {});
  const withAlerts = (children: ReactNode) => (alertLayerRoles.includes(session.user.role) ? <AlertCenterProvider>{children}</AlertCenterProvider> : children);
  return (
    <LiveProvider token={session.token} key={session.token} onRefused={checkSession}>
      {withAlerts(<Shell />)}
    </LiveProvider>
  );
}

/** A page this role may not open says so, instead of silently showing another page. */
function Forbidden({ page }: { page: PageId | 'compounds' }) {
  const { t } = useI18n();
  const { session } = useSession();
  const role = session!.user.role;
  return (
    <div className="page card forbidden" data-testid="forbidden" data-page={page}>
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.text', { role: t(`role.${role}`) })}</p>
      <a className="btn btn-primary" href={href(pagesByRole[role][0]!)}>
        {t('forbidden.home')}
      </a>
    </div>
  );
}

function Shell() {
  const { session, logout } = useSession();
  const { t } = useI18n();
  const route = useRoute();
  const user = session!.user;
  const allowed = pagesByRole[user.role];
  const [first] = route.path;
  const isCompound = first === 'compounds' && route.path[1];
  const pageId = (allowed as readonly string[]).includes(first ?? '') ? (first as PageId) : allowed[0]!;
  const refused: PageId | 'compounds' | null =
    first && (allPages as string[]).includes(first) && !(allowed as readonly string[]).includes(first) ? (first as PageId) : isCompound && user.role === 'resident' ? 'compounds' : null;
  const Page = pages[pageId];
  return (
    <div className={`app role-${user.role}`}>
      <header className="topbar">
        <a className="brand" href="#/">
          {t('app.title')}
        </a>
        <nav className="nav" data-testid="nav">
          {allowed.map((p) => (
            <a key={p} href={href(p)} className={p === pageId && !isCompound ? 'active' : ''} data-testid={`nav-${p}`}>
              {t(pageLabels[p])}
            </a>
          ))}
        </nav>
        <a className="user" href={href('account')} data-testid="current-user" data-role={user.role}>
          {user.displayName || user.username} · {t(`role.${user.role}`)}
        </a>
        <LangSwitch />
        <button type="button" className="btn btn-ghost" onClick={logout} data-testid="logout">
          {t('login.logout')}
        </button>
      </header>
      <AlertLayer onDesk={pageId === 'alerts' && !isCompound && !refused && first !== 'account'} />
      <main className="content">
        <Suspense fallback={<Loading />}>
          {refused ? <Forbidden page={refused} /> : first === 'account' ? <Account /> : isCompound ? <CompoundPage /> : <Page />}
        </Suspense>
      </main>
    </div>
  );
}
