/** A compound's event log: filter by type and device, page backwards (`before` = the oldest shown). */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Device } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

const PAGE = 50;
/** The event types a person filters by; the full list is in the contract (eventTypes). */
const commonTypes = [
  'gate.access_granted', 'gate.access_denied', 'gate.forced_open', 'gate.held_open', 'alarm.button_pressed',
  'camera.motion', 'camera.snapshot', 'device.online', 'device.offline', 'alert.raised',
];

export function describeData(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

export function EventLog({ compoundId, devices }: { compoundId: string; devices: readonly Device[] }) {
  const { t, tx, lang } = useI18n();
  const [type, setType] = useState('');
  const [deviceId, setDeviceId] = useState('');
  // A stack of `before` cursors: page n starts before cursors[n].
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  const api = useTypedApi();
  const filter = { type: type || undefined, deviceId: deviceId || undefined, before, limit: PAGE };
  const page = useQuery({
    queryKey: queryKeys.events(compoundId, filter),
    queryFn: async () => (await must(api.GET('/api/events', { params: { query: { compoundId, ...filter } } }))).events,
    // The page shown stays until the next one arrives (no flash of "loading" between pages).
    placeholderData: keepPreviousData,
  });
  const reset = () => setCursors([undefined]);
  const events = page.data ?? [];
  return (
    <div className="page">
      <div className="toolbar">
        <label>
          {t('compound.eventType')}
          <select value={type} onChange={(e) => (setType(e.target.value), reset())} data-testid="event-filter-type">
            <option value="">{t('common.all')}</option>
            {commonTypes.map((x) => (
              <option key={x} value={x}>
                {tx('eventType', x)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('compound.device')}
          <select value={deviceId} onChange={(e) => (setDeviceId(e.target.value), reset())} data-testid="event-filter-device">
            <option value="">{t('common.all')}</option>
            {devices.map((d) => (
              <option key={d.id} value={d.deviceId}>
                {d.name ?? d.deviceId}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorLine error={page.error} onRetry={() => void page.refetch()} />
      {page.isPending ? <Loading /> : null}
      <div className="table-wrap">
        <table data-testid="event-table">
          <thead>
            <tr>
              <th>{t('compound.time')}</th>
              <th>{t('compound.eventType')}</th>
              <th>{t('compound.device')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-testid="event-row">
                <td>{formatTime(e.occurredAt, lang)}</td>
                <td>{tx('eventType', e.type)}</td>
                <td>{devices.find((d) => d.deviceId === e.deviceId && d.gatewayId === e.gatewayId)?.name ?? e.deviceId}</td>
                <td className="muted">{describeData(e.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button type="button" className="btn" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="event-prev">
          {t('common.prev')}
        </button>
        <span className="muted">{t('common.page', { n: cursors.length })}</span>
        <button
          type="button"
          className="btn"
          disabled={events.length < PAGE || page.isPlaceholderData}
          onClick={() => setCursors((c) => [...c, events[events.length - 1]?.occurredAt])}
          data-testid="event-next"
        >
          {t('common.next')}
        </button>
      </div>
    </div>
  );
}
