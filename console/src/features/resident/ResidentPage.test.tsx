import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import ResidentPage from './ResidentPage.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeCompound, makeWorkOrder } from '../../test/fixtures.js';

const gate = (id: string, name: string) => ({ id, compoundId: 'c1', gatewayId: 'gw1', deviceId: id.split('.')[1]!, name, online: true });

describe('resident page', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/gates', { body: { gates: [gate('gw1.gate-east', '东门'), gate('gw1.gate-north', '北门')] } });
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36)] } });
    api.on('GET /api/work-orders', { body: { workOrders: [makeWorkOrder('w9', 'verified')] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [{ id: 'roof_leak', zh: '屋顶漏水', en: 'Roof leak', dueHours: 72 }] } });
    api.on('GET /api/visitor-passes', { body: { passes: [] } });
  });
  afterEach(() => api.close());

  const session = sessionAs('resident', { gateIds: ['gw1.gate-east', 'gw1.gate-north'] });

  it('opens a gate and shows the latency', async () => {
    api.on('POST /api/gates/:id/open', (req) => ({ body: { commandId: 'cmd1', gateId: req.path.split('/')[3], status: 'ok', latencyMs: 412.4 } }));
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session });
    fireEvent.click(await screen.findByTestId('gate-open-gw1.gate-east'));
    const result = await screen.findByTestId('gate-result');
    expect(result.getAttribute('data-status')).toBe('ok');
    expect(result.textContent).toBe('已开门（412 毫秒）');
    expect(api.requests.find((r) => r.method === 'POST')?.path).toBe('/api/gates/gw1.gate-east/open');
  });

  it('shows a clear error when the gateway is offline', async () => {
    api.on('POST /api/gates/:id/open', { status: 409, body: { error: { code: 'GATEWAY_OFFLINE', message: 'gateway gw1 is offline' } } });
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session, lang: 'en' });
    fireEvent.click(await screen.findByTestId('gate-open-gw1.gate-north'));
    const result = await screen.findByTestId('gate-result');
    expect(result.getAttribute('data-status')).toBe('error');
    expect(result.textContent).toBe('Could not open: The gateway is offline; the gate cannot be opened remotely now');
  });

  it('shows the server message for an error code it does not know', async () => {
    api.on('POST /api/gates/:id/open', { status: 418, body: { error: { code: 'RELAY_STUCK', message: '继电器卡住' } } });
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session });
    fireEvent.click(await screen.findByTestId('gate-open-gw1.gate-east'));
    expect((await screen.findByTestId('gate-result')).textContent).toContain('继电器卡住');
  });

  it('issues a visitor pass and rates a verified request', async () => {
    api.on('POST /api/visitor-passes', (req) => ({
      body: { id: 'p1', code: 'K7Q2M9', gateId: (req.body as { gateId: string }).gateId, compoundId: 'c1', issuedBy: 'u-resident', visitorName: '张阿姨', validFrom: new Date().toISOString(), validUntil: new Date().toISOString(), maxUses: 2, uses: 0, revoked: false, createdAt: new Date().toISOString() },
    }));
    api.on('POST /api/work-orders/:id/rating', { body: makeWorkOrder('w9', 'verified', { rating: 4, ratingComment: '师傅来得快，修得好' }) });
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session });
    await screen.findByTestId('gate-open-gw1.gate-east');
    fireEvent.change(screen.getByTestId('pass-name'), { target: { value: '张阿姨' } });
    fireEvent.click(screen.getByTestId('pass-submit'));
    expect((await screen.findByTestId('pass-code')).textContent).toContain('K7Q2M9');
    const sent = api.requests.find((r) => r.path === '/api/visitor-passes' && r.method === 'POST')!.body as { gateId: string; visitorName: string };
    expect(sent).toMatchObject({ gateId: 'gw1.gate-east', visitorName: '张阿姨' });
    // a link and a QR code of that link to share; the link opens the visitor page of this console
    const link = `${window.location.origin}${window.location.pathname}#/visit/K7Q2M9`;
    expect(screen.getByTestId('pass-link').getAttribute('href')).toBe(link);
    expect(screen.getByTestId('pass-qr').getAttribute('data-text')).toBe(link);
    expect(screen.getByTestId('pass-qr').querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(100);

    fireEvent.click(await screen.findByTestId('rate-4'));
    expect(screen.getByTestId('rate-4').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('rate-5').className).toBe('off');
    fireEvent.change(screen.getByTestId('rate-comment'), { target: { value: ' 师傅来得快，修得好 ' } });
    fireEvent.click(screen.getByTestId('rate-submit'));
    await waitFor(() => expect(screen.getByTestId('my-request').textContent).toContain('已评价 4 星'));
    expect(api.requests.find((r) => r.path === '/api/work-orders/w9/rating')?.body).toEqual({ rating: 4, comment: '师傅来得快，修得好' });
  });

  it('large-text mode: one tap, kept on this phone, applied to the whole page', async () => {
    const first = renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session });
    const toggle = await screen.findByTestId('big-text-toggle');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.classList.contains('big-text')).toBe(false);
    fireEvent.click(toggle);
    expect(document.documentElement.classList.contains('big-text')).toBe(true);
    expect(localStorage.getItem('yg.bigText')).toBe('1');
    first.unmount();
    document.documentElement.classList.remove('big-text');
    // Opened again later (the choice is in localStorage): large text from the start.
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session });
    expect((await screen.findByTestId('big-text-toggle')).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.classList.contains('big-text')).toBe(true);
    fireEvent.click(screen.getByTestId('big-text-toggle'));
    expect(document.documentElement.classList.contains('big-text')).toBe(false);
    expect(localStorage.getItem('yg.bigText')).toBe('0');
  });

  it('a gate whose gateway is offline says so before the tap', async () => {
    api.on('GET /api/gates', { body: { gates: [gate('gw1.gate-east', '东门'), { ...gate('gw1.gate-north', '北门'), online: false }] } });
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session });
    const offline = await screen.findByTestId('gate-offline');
    expect(offline.getAttribute('data-gate-id')).toBe('gw1.gate-north');
    expect(offline.textContent).toContain('门禁离线');
    expect(screen.getAllByTestId('gate-offline')).toHaveLength(1);
    expect(screen.getByTestId('gate-open-gw1.gate-north').className).toContain('btn-offline');
  });

  it('without a live stream (fallback), the repair stage follows the cloud when the phone comes back to the page', async () => {
    let stage: 'accepted' | 'supervised' = 'accepted';
    api.on('GET /api/work-orders', () => ({ body: { workOrders: [makeWorkOrder('w9', stage, { requestedBy: 'u-resident', mayMove: stage === 'supervised' })] } }));
    renderPage(<ResidentPage />, { baseUrl: api.baseUrl, session: sessionAs('resident', { id: 'u-resident', gateIds: [] }) });
    await waitFor(() => expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('accepted'));
    expect(screen.getByTestId('my-request-stage').textContent).toBe('当前：接单');
    stage = 'supervised';
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('supervised'));
    expect(screen.getByTestId('my-request-verify')).toBeTruthy();
  });
});
