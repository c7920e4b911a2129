/** The resident page's 平安 button and visitor-pass list: each press goes to the cloud and the page shows the cloud's state. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CareCheckIn } from './CareCheckIn.js';
import { VisitorPasses } from './VisitorPasses.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago } from '../../test/fixtures.js';
import type { CareMe, Gate, VisitorPass } from '../../api/types.js';

const household: NonNullable<CareMe['household']> = {
  id: 'h1', compoundId: 'c1', label: '3 号楼 2 单元 401', residentId: 'u-resident', residentName: '陈阿姨', credentialRefs: [], doorContactIds: [], windowHours: 24,
  checkInBy: '10:00', contacts: [{ name: '陈先生', phone: '13900000000', relation: '儿子' }], consentBy: '陈阿姨', consentNote: '本人同意', consentAt: ago(86_400_000),
  consentRecordedBy: 'u-mgr', enabled: true, lastActivityAt: null, lastActivityKind: null, lastCheckInOn: null, alertId: null,
};
const gate: Gate = { id: 'gw1.gate-east', compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-east', name: '东门', online: true };
const pass = (id: string, revoked = false): VisitorPass => ({
  id, code: `CODE-${id}`, gateId: gate.id, compoundId: 'c1', issuedBy: 'u-resident', visitorName: '张阿姨', validFrom: ago(0), validUntil: ago(-3_600_000), maxUses: 2, uses: 0, revoked, createdAt: ago(0),
});

describe('resident: care check-in and visitor passes', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());
  const session = sessionAs('resident', { gateIds: [gate.id] });

  it('平安: shown only to an enrolled resident; one press checks in and the button says so', async () => {
    let checkedInToday = false;
    api.on('GET /api/care/me', () => ({ body: { household, checkedInToday } }));
    api.on('POST /api/care/check-in', () => {
      checkedInToday = true;
      return { body: { household, checkedInToday } };
    });
    renderPage(<CareCheckIn />, { baseUrl: api.baseUrl, session });
    const button = await screen.findByTestId('care-checkin-button');
    expect(button.textContent).toBe('平安 · 今天我很好');
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('care-checkin-button').textContent).toBe('今天已报平安 ✓'));
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/care/check-in']);
  });

  it('平安: a resident not enrolled in care sees no button', async () => {
    api.on('GET /api/care/me', { body: { household: null, checkedInToday: false } });
    renderPage(<CareCheckIn />, { baseUrl: api.baseUrl, session });
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/care/me')).toBe(true));
    expect(screen.queryByTestId('care-checkin')).toBeNull();
  });

  it('a pass made void goes to the cloud, and the list shows it void', async () => {
    let passes = [pass('p1')];
    api.on('GET /api/visitor-passes', () => ({ body: { passes } }));
    api.on('DELETE /api/visitor-passes/:id', (req) => {
      passes = passes.map((p) => (p.id === req.path.split('/')[3] ? { ...p, revoked: true } : p));
      return { body: { ok: true } };
    });
    renderPage(<VisitorPasses gates={[gate]} />, { baseUrl: api.baseUrl, session });
    fireEvent.click(await screen.findByTestId('pass-revoke'));
    await waitFor(() => expect(screen.queryByTestId('pass-revoke')).toBeNull());
    expect(screen.getByText(/CODE-p1/).closest('li')!.textContent).toContain('已作废');
    expect(api.requests.some((r) => r.method === 'DELETE' && r.path === '/api/visitor-passes/p1')).toBe(true);
  });
});
