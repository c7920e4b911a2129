import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { strFromU8, unzipSync } from 'fflate';
import { IncidentListPage } from './Incidents.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeCompound } from '../../test/fixtures.js';
import type { Incident } from '../../api/types.js';
import { bytesOf, captureDownloads, csvLines } from '../../test/downloads.js';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive } from '../../test/live-server.js';

function makeIncident(i: number, over: Partial<Incident> = {}): Incident {
  return {
    id: `inc${i}`, compoundId: 'c1', key: `k${i}`, kind: 'door_forced', severity: 'critical', title: `东门被强行打开 #${i}`, gatewayId: 'gw1', deviceId: 'gate-east',
    status: 'open', alertCount: 2, openedAt: ago(i * 60_000 + 5_000), lastAt: ago(i * 60_000), closedAt: null, closedBy: null, closeReason: null, workOrderId: null, ...over,
  };
}

describe('incident list', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36), makeCompound('c2', '纬五路 3 号院', 446)] } });
    api.on('GET /api/users', { body: { users: [] } });
    api.on('GET /api/incidents', (req) => {
      if (req.query.get('before')) return { body: { incidents: [makeIncident(3, { title: '=HYPERLINK("x")' })], nextBefore: null } };
      return { body: { incidents: [makeIncident(1), makeIncident(2, { severity: 'high', status: 'closed', closeReason: '误报' })], nextBefore: ago(2 * 60_000) } };
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await api.close();
  });

  it('sends compound, status, severity, words and China-day bounds to the cloud; pages on request', async () => {
    renderPage(<IncidentListPage />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(2));
    expect(api.requests.find((r) => r.path === '/api/incidents')!.query.get('status')).toBe('open');
    fireEvent.click(screen.getByTestId('list-more'));
    await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(3));
    expect(screen.queryByTestId('list-more')).toBeNull();

    fireEvent.change(await screen.findByTestId('incident-filter-compound'), { target: { value: 'c2' } });
    fireEvent.change(screen.getByTestId('incident-filter-status'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('incident-filter-severity'), { target: { value: 'critical' } });
    fireEvent.change(screen.getByTestId('incident-search'), { target: { value: ' 东门 ' } });
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    fireEvent.change(screen.getByTestId('incident-from'), { target: { value: day } });
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/api/incidents').at(-1)!.query.get('q')).toBe('东门'));
    const q = api.requests.filter((r) => r.path === '/api/incidents').at(-1)!.query;
    expect(q.get('compoundId')).toBe('c2');
    expect(q.has('status')).toBe(false);
    expect(q.get('severity')).toBe('critical');
    expect(q.get('from')).toBe(`${day}T00:00:00+08:00`);
    expect(q.has('before')).toBe(false);
  });

  it('exports every matching incident as CSV (BOM, China time, formulas defused) and as a real xlsx', async () => {
    const { blobs, names } = captureDownloads();
    renderPage(<IncidentListPage />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('incident-export-csv'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const lines = await csvLines(blobs[0]!);
    // Header + all three incidents: the export followed nextBefore past the first page.
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('楼院');
    expect(lines[1]).toContain('东门被强行打开 #1');
    const china = new Date(Date.parse(makeIncident(1).openedAt) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(lines[1]).toContain(china);
    expect(lines[2]).toContain('误报');
    expect(lines[3]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(names[0]).toMatch(/^事件-\d{4}-\d{2}-\d{2}\.csv$/);

    fireEvent.click(screen.getByTestId('incident-export-xlsx'));
    await waitFor(() => expect(blobs).toHaveLength(2));
    expect(blobs[1]!.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = unzipSync(await bytesOf(blobs[1]!));
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<t xml:space="preserve">东门被强行打开 #1</t>');
    expect(sheet).toMatch(/<c r="F2"><v>2<\/v><\/c>/);
    expect(sheet).toContain("'=HYPERLINK(&quot;x&quot;)");
    expect(sheet.match(/<row /g)).toHaveLength(4);
    expect(names[1]).toMatch(/\.xlsx$/);
  });

  it('updates live: an incident message refetches the pages shown (a burst once), without a reload and without going back to page one', async () => {
    const wss = await startTestLive();
    onTestFinished(() => wss.close());
    renderPage(<LiveProvider token="tk" stream={wss.stream({ quietMs: 60_000 })}><IncidentListPage /></LiveProvider>, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('list-more'));
    await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(3));
    await waitFor(() => expect(wss.sockets).toHaveLength(1));
    const firstPages = () => api.requests.filter((r) => r.path === '/api/incidents' && !r.query.get('before')).length;
    const before = firstPages();

    // A new incident opens in the cloud; the stream says so (three times, as a burst of alerts would).
    api.on('GET /api/incidents', (req) => (req.query.get('before')
      ? { body: { incidents: [makeIncident(3)], nextBefore: null } }
      : { body: { incidents: [makeIncident(0, { title: '西门被强行打开' }), makeIncident(1), makeIncident(2)], nextBefore: ago(2 * 60_000) } }));
    const at = new Date().toISOString();
    for (const id of [1, 2, 3]) wss.sockets[0]!.send(JSON.stringify({ id, type: 'incident.update', compoundId: 'c1', at, incidentId: 'inc0' }));
    await waitFor(() => expect(screen.getAllByTestId('incident-row')[0]!.textContent).toContain('西门被强行打开'));
    // Both pages shown are fetched again: the reader keeps the second page.
    expect(screen.getAllByTestId('incident-row').map((r) => r.getAttribute('data-incident-id'))).toEqual(['inc0', 'inc1', 'inc2', 'inc3']);
    expect(firstPages()).toBe(before + 1);
  });
});
