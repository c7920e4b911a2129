/** The public notice board needs no account: it reads GET /api/public/notices/:token and says when the code is unknown. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import NoticePage from './NoticePage.js';
import { renderPage } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

const notice = {
  compound: { name: '和兴巷12号院', company: '安居物业', community: null, address: '和兴巷12号' },
  content: { phones: [{ label: '物业值班', phone: '0871-1234567' }], safetyNotices: [], services: [], fees: [], finance: null, rules: '' },
  financeTotals: null,
  generatedAt: new Date().toISOString(),
  onDuty: [{ post: '东门岗', name: '李师傅', phone: null }],
  publishedAt: null,
  version: 3,
  workOrders: { closedThisMonth: 4, latest: [], month: '2026-05', onTimeRate: null, open: 2 },
};

describe('public notice board', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('shows the board of the token, without a session', async () => {
    api.on('GET /api/public/notices/:token', { body: notice });
    renderPage(<NoticePage token="tok en" />, { baseUrl: api.baseUrl, session: null });
    expect((await screen.findByTestId('notice-compound')).textContent).toContain('和兴巷12号院');
    expect(screen.getByTestId('notice-duty').textContent).toContain('李师傅');
    expect(api.requests[0]).toMatchObject({ path: '/api/public/notices/tok%20en', authorization: undefined });
  });

  it('says so when the code is unknown (404), and when the cloud fails', async () => {
    api.on('GET /api/public/notices/old', { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such notice' } } });
    api.on('GET /api/public/notices/boom', { status: 500, body: { error: { code: 'INTERNAL', message: 'x' } } });
    const first = renderPage(<NoticePage token="old" />, { baseUrl: api.baseUrl, session: null });
    expect((await screen.findByTestId('notice-error')).textContent).toBe('找不到这个公示栏，二维码可能已更换，请扫描门口最新的二维码。');
    first.unmount();
    renderPage(<NoticePage token="boom" />, { baseUrl: api.baseUrl, session: null });
    expect((await screen.findByTestId('notice-error')).textContent).toBe('暂时打不开，请稍后再试或拨打物业电话。');
  });
});
