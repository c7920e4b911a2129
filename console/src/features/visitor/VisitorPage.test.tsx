/** The visitor's page works without an account: it opens the gate with the pass code and says why it cannot. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import VisitorPage from './VisitorPage.js';
import { renderPage } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

describe('visitor page', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('opens the gate with the code, no session; an expired pass is explained in Chinese', async () => {
    let uses = 0;
    api.on('POST /api/visitor-passes/:code/open', () =>
      ++uses === 1
        ? { body: { commandId: 'k1', gateId: 'gw1.gate-east', status: 'ok', latencyMs: 380 } }
        : { status: 403, body: { error: { code: 'PASS_EXPIRED', message: 'This visitor pass has expired.' } } },
    );
    renderPage(<VisitorPage code="K7Q2M9" />, { baseUrl: api.baseUrl, session: null });
    fireEvent.click(screen.getByTestId('visitor-open'));
    await waitFor(() => expect(screen.getByTestId('visitor-result').getAttribute('data-status')).toBe('ok'));
    const req = api.requests.find((r) => r.method === 'POST')!;
    expect(req.path).toBe('/api/visitor-passes/K7Q2M9/open');
    expect(req.authorization).toBeUndefined();
    fireEvent.click(screen.getByTestId('visitor-open'));
    await waitFor(() => expect(screen.getByTestId('visitor-result').textContent).toBe('此访客通行码已过期，请联系您拜访的住户重新发送'));
  });
});
