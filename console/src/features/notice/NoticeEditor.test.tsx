/** The manager's notice editor: the public address as a QR code, publish a new version, rotate the address. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import NoticeEditor from './NoticeEditor.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeCompound } from '../../test/fixtures.js';

const content = {
  services: [{ name: '保洁', detail: '每日两次' }], fees: [{ item: '物业费', standard: '0.5 元/㎡·月' }], phones: [{ label: '门卫', phone: '0371-12345678' }],
  finance: null, safetyNotices: [], rules: '文明养犬',
};

describe('notice editor (公示)', () => {
  let api: TestApi;
  let version: number;
  let token: string;
  beforeEach(async () => {
    api = await startTestApi();
    version = 1;
    token = 'tok-a';
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36)] } });
    api.on('GET /api/compounds/c1/notice', () => ({ body: { compoundId: 'c1', token, path: `/#/notice/${token}`, version, publishedAt: ago(60_000), publishedBy: 'u-manager', content } }));
    api.on('GET /api/compounds/c1/notice/history', () => ({
      body: { versions: Array.from({ length: version }, (_, i) => ({ id: `v${version - i}`, version: version - i, publishedAt: ago(i * 60_000), publishedBy: 'u-manager', publishedByName: '王经理', content })) },
    }));
    api.on('PUT /api/compounds/c1/notice', () => {
      version += 1;
      return { body: { compoundId: 'c1', token, path: `/#/notice/${token}`, version, publishedAt: ago(0), publishedBy: 'u-manager', content } };
    });
    api.on('POST /api/compounds/c1/notice/rotate', () => {
      token = 'tok-b';
      return { body: { compoundId: 'c1', token, path: `/#/notice/${token}`, version, publishedAt: ago(0), publishedBy: 'u-manager', content } };
    });
  });
  afterEach(() => api.close());

  it('edits as lines, publishes a new version (the history follows), and a new address replaces the QR code', async () => {
    renderPage(<NoticeEditor />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    const fees = (await screen.findByTestId('notice-edit-fees')) as HTMLTextAreaElement;
    expect(fees.value).toBe('物业费 | 0.5 元/㎡·月');
    expect(screen.getByTestId('notice-link').textContent).toContain('/#/notice/tok-a');
    await waitFor(() => expect(screen.getByTestId('notice-history').children).toHaveLength(1));

    fireEvent.change(fees, { target: { value: '物业费 | 0.6 元/㎡·月\n停车费 | 100 元/月' } });
    fireEvent.click(screen.getByTestId('notice-publish'));
    await waitFor(() => expect(screen.getByTestId('notice-history').children).toHaveLength(2));
    expect((api.requests.find((r) => r.method === 'PUT')?.body as typeof content).fees).toEqual([
      { item: '物业费', standard: '0.6 元/㎡·月' },
      { item: '停车费', standard: '100 元/月' },
    ]);
    expect(screen.getByTestId('notice-history').textContent).toContain('第 2 版');

    fireEvent.click(screen.getByTestId('notice-rotate'));
    await waitFor(() => expect(screen.getByTestId('notice-link').textContent).toContain('/#/notice/tok-b'));
  });

  it('a refusal to publish is shown in words', async () => {
    api.on('PUT /api/compounds/c1/notice', { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'Please check: body.fees.0.item: too long' } } });
    renderPage(<NoticeEditor />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    fireEvent.click(await screen.findByTestId('notice-publish'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/fees|检查/);
  });
});
