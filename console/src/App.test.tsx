import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from './App.js';
import { I18nProvider } from './i18n/i18n.js';
import { SessionProvider } from './api/session.js';
import { startTestApi, type TestApi } from './test/api-server.js';

function renderApp(baseUrl: string) {
  return render(
    <I18nProvider>
      <SessionProvider baseUrl={baseUrl}>
        <App />
      </SessionProvider>
    </I18nProvider>,
  );
}

const user = (role: string) => ({ id: `u-${role}`, username: role, displayName: '李师傅', role, compoundIds: ['c1'] });

describe('login and role navigation', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    window.location.hash = '';
    api.on('GET /api/gates', { body: { gates: [] } });
    api.on('GET /api/compounds', { body: { compounds: [] } });
    api.on('GET /api/work-orders', { body: { workOrders: [] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [] } });
    api.on('GET /api/visitor-passes', { body: { passes: [] } });
    api.on('GET /api/alerts', { body: { alerts: [], nextBefore: null } });
  });
  afterEach(() => api.close());

  it('refuses wrong credentials with a readable message', async () => {
    api.on('POST /api/auth/login', { status: 401, body: { error: { code: 'BAD_CREDENTIALS', message: 'wrong user name or password' } } });
    renderApp(api.baseUrl);
    fireEvent.change(screen.getByTestId('login-username'), { target: { value: 'guard1' } });
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toBe('用户名或密码错误');
  });

  it('a guard signs in and gets the guard menu with the alert desk first', async () => {
    api.on('POST /api/auth/login', (req) => ({ body: { token: 'tk-guard', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: user('guard'), echo: req.body } }));
    renderApp(api.baseUrl);
    fireEvent.change(screen.getByTestId('login-username'), { target: { value: 'guard1' } });
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'yardguard-demo' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await screen.findByTestId('nav');
    expect(api.requests.find((r) => r.path === '/api/auth/login')?.body).toEqual({ username: 'guard1', password: 'yardguard-demo' });
    expect(screen.getByTestId('nav-alerts')).toBeTruthy();
    expect(screen.queryByTestId('nav-installer')).toBeNull();
    expect(screen.queryByTestId('nav-resident')).toBeNull();
    await screen.findByTestId('alert-count');
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/alerts')?.authorization).toBe('Bearer tk-guard'));
    expect(JSON.parse(localStorage.getItem('yg.session')!).token).toBe('tk-guard');
  });

  it('a resident only sees their page, and a 401 sends them back to the login form', async () => {
    localStorage.setItem('yg.session', JSON.stringify({ token: 'old', user: user('resident') }));
    window.location.hash = '#/resident';
    api.on('GET /api/gates', { status: 401, body: { error: { code: 'SESSION_EXPIRED', message: 'session expired' } } });
    renderApp(api.baseUrl);
    await waitFor(() => expect(screen.getByTestId('login-form')).toBeTruthy());
    expect(localStorage.getItem('yg.session')).toBeNull();
    expect(screen.getByTestId('login-expired').textContent).toBe('登录已过期，请重新登录');
  });

  it('a resident has the live stream too: a refused stream checks the session, and an expired one goes back to the login form', async () => {
    localStorage.setItem('yg.session', JSON.stringify({ token: 'stale', user: user('resident') }));
    window.location.hash = '#/resident';
    // The page's own requests still answer (cached by a proxy, say); only the session check says it expired.
    api.on('GET /api/auth/me', { status: 401, body: { error: { code: 'SESSION_EXPIRED', message: 'session expired' } } });
    renderApp(api.baseUrl);
    // Nothing serves the stream at the page's origin in jsdom: the socket closes before it opens, as for a refused upgrade.
    await waitFor(() => expect(screen.getByTestId('login-form')).toBeTruthy());
    expect(api.requests.find((r) => r.path === '/api/auth/me')?.authorization).toBe('Bearer stale');
    expect(screen.getByTestId('login-expired').textContent).toBe('登录已过期，请重新登录');
  });

  it('a page the role may not open says so (no silent redirect); an unknown hash lands on the home page', async () => {
    localStorage.setItem('yg.session', JSON.stringify({ token: 'ok', user: user('resident') }));
    window.location.hash = '#/installer';
    renderApp(api.baseUrl);
    const refused = await screen.findByTestId('forbidden');
    expect(refused.getAttribute('data-page')).toBe('installer');
    expect(refused.textContent).toContain('“居民”角色不能打开这个页面');
    expect(screen.queryByTestId('installer-compound')).toBeNull();
    expect(screen.getAllByRole('link').map((a) => a.getAttribute('data-testid')).filter((id) => id?.startsWith('nav-'))).toEqual(['nav-resident']);
    window.location.hash = '#/nothing-here';
    await screen.findByTestId('resident-page');
  });
});
