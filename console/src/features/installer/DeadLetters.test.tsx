import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { DeadLetters } from './DeadLetters.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago } from '../../test/fixtures.js';

describe('gateway dead letters (installer page)', () => {
  let api: TestApi;
  let count: number;
  beforeEach(async () => {
    api = await startTestApi();
    count = 3;
    api.on('GET /api/gateways/:id/dead-letters', () => ({
      body: count
        ? { gatewayId: 'gw1', count, oldestAt: ago(7_200_000), reasons: [{ reason: 'data.detail: too long', count: 2 }, { reason: 'unknown event type', count: 1 }], reportedAt: ago(60_000) }
        : { gatewayId: 'gw1', count: 0, oldestAt: null, reasons: [], reportedAt: ago(1000) },
    }));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await api.close();
  });

  it('shows count and reasons; 重新发送 asks first, then shows what the gateway re-queued', async () => {
    api.on('POST /api/gateways/:id/dead-letters/resend', () => {
      count = 0;
      return { body: { commandId: 'cmd-1', resent: 3, remaining: 0, latencyMs: 40 } };
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    renderPage(<DeadLetters gatewayId="gw1" gatewayName="一号网关" />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    const box = await screen.findByTestId('dead-letters');
    await waitFor(() => expect(box.dataset.count).toBe('3'));
    expect(box.textContent).toContain('死信 3 条');
    expect(screen.getByTestId('dead-letter-reasons').textContent).toContain('data.detail: too long × 2');
    expect(screen.getByTestId('dead-letter-reasons').textContent).toContain('unknown event type × 1');

    // Cancelled: nothing sent.
    fireEvent.click(screen.getByTestId('dead-letters-resend'));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('一号网关'));
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.click(screen.getByTestId('dead-letters-resend'));
    expect((await screen.findByTestId('dead-letters-result')).textContent).toBe('网关已重新排队 3 条，剩余死信 0 条');
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/gateways/gw1/dead-letters/resend']);
    // Reloaded afterwards: none left, the button disabled.
    await waitFor(() => expect(screen.getByTestId('dead-letters').dataset.count).toBe('0'));
    expect((screen.getByTestId('dead-letters-resend') as HTMLButtonElement).disabled).toBe(true);
  });

  it('an offline gateway: says to wait until it is back (English)', async () => {
    api.on('POST /api/gateways/:id/dead-letters/resend', { status: 409, body: { error: { code: 'GATEWAY_OFFLINE', message: 'The gateway gw1 is offline' } } });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderPage(<DeadLetters gatewayId="gw1" gatewayName="gw1" />, { baseUrl: api.baseUrl, session: sessionAs('installer'), lang: 'en' });
    await waitFor(() => expect(screen.getByTestId('dead-letters').dataset.count).toBe('3'));
    expect(screen.getByTestId('dead-letters').textContent).toContain('3 dead letters');
    fireEvent.click(screen.getByTestId('dead-letters-resend'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/offline.*back online/);
    expect(screen.queryByTestId('dead-letters-result')).toBeNull();
  });
});
