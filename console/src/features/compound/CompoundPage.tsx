/** One compound: devices with state and last seen, latest snapshots, gate open buttons (allowed roles), the event log. */
import type { Compound, DeviceList, GateList, GatewayList, SnapshotList } from '../../api/types.js';
import { useSession } from '../../api/session.js';
import { AuthImage } from '../../components/AuthImage.js';
import { GateOpenButton } from '../../components/GateOpenButton.js';
import { Card, ErrorLine, Loading, StateBadge } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatAgo, formatTime } from '../../format.js';
import { gateOpenRoles } from '../../nav.js';
import { href, useRoute } from '../../router.js';
import { EventLog } from './EventLog.js';
import { DeviceActions } from './DeviceActions.js';

export default function CompoundPage() {
  const route = useRoute();
  const id = route.path[1] ?? '';
  const { t, tx, lang } = useI18n();
  const { session } = useSession();
  const mayOpen = !!session && gateOpenRoles.includes(session.user.role);
  const compound = useFetch(async (a) => a.get<Compound>(`/api/compounds/${encodeURIComponent(id)}`), [id]);
  const gateways = useFetch(async (a) => (await a.get<GatewayList>('/api/gateways', { compoundId: id })).gateways, [id]);
  const devices = useFetch(async (a) => (await a.get<DeviceList>('/api/devices', { compoundId: id })).devices, [id]);
  const gates = useFetch(async (a) => (mayOpen ? (await a.get<GateList>('/api/gates', { compoundId: id })).gates : []), [id, mayOpen]);
  const snapshots = useFetch(async (a) => (await a.get<SnapshotList>('/api/snapshots', { compoundId: id, limit: 8 })).snapshots, [id]);
  const now = Date.now();

  if (compound.loading && !compound.data) return <Loading />;
  return (
    <div className="page" data-testid="compound-page" data-compound-id={id}>
      <a href={href('overview')}>← {t('common.back')}</a>
      <ErrorLine error={compound.error} onRetry={compound.reload} />
      <h1>{compound.data?.name ?? id}</h1>
      {compound.data?.address && <p className="muted">{compound.data.address}</p>}
      {mayOpen && (gates.data?.length ?? 0) > 0 && (
        <Card title={t('compound.gates')}>
          <div className="grid">
            {gates.data!.map((g) => (
              <GateOpenButton key={g.id} gate={g} />
            ))}
          </div>
        </Card>
      )}
      <Card title={t('compound.devices')}>
        <ErrorLine error={gateways.error ?? devices.error} />
        <div className="table-wrap">
          <table data-testid="device-table">
            <thead>
              <tr>
                <th>{t('compound.device')}</th>
                <th>{t('compound.kind')}</th>
                <th>{t('compound.state')}</th>
                <th>{t('compound.lastSeen')}</th>
                {mayOpen && <th />}
              </tr>
            </thead>
            <tbody>
              {(gateways.data ?? []).map((g) => (
                <tr key={g.id} data-testid="gateway-row" data-gateway-id={g.id}>
                  <td>{g.name ?? g.id}</td>
                  <td>{tx('deviceKind', 'gateway')}</td>
                  <td>
                    <StateBadge state={g.alive ? 'online' : 'offline'} />
                  </td>
                  <td title={g.lastAckAt ?? ''}>
                    {formatAgo(g.lastAckAt ?? undefined, now, t)} · {t('installer.lastSeq')} {g.lastAckedSeq}
                  </td>
                  {mayOpen && <td />}
                </tr>
              ))}
              {(devices.data ?? [])
                .filter((d) => d.kind !== 'gateway')
                .map((d) => (
                  <tr key={d.id} data-testid="device-row" data-device-id={d.id}>
                    <td>{d.name ?? d.deviceId}</td>
                    <td>{tx('deviceKind', d.kind)}</td>
                    <td>
                      <StateBadge state={d.online === null ? 'unknown' : d.online ? 'online' : 'offline'} />
                    </td>
                    <td title={d.lastSeenAt ?? ''}>{d.lastSeenAt ? formatTime(d.lastSeenAt, lang) : t('common.never')}</td>
                    {mayOpen && (
                      <td>
                        <DeviceActions device={d} onDone={(action) => action === 'camera.snapshot' && setTimeout(snapshots.reload, 1500)} />
                      </td>
                    )}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={t('compound.snapshots')}>
        <ErrorLine error={snapshots.error} />
        {snapshots.data?.length === 0 && <p className="muted">{t('common.none')}</p>}
        <div className="snapshots">
          {(snapshots.data ?? []).map((s) => (
            <figure key={s.id} style={{ margin: 0 }}>
              <AuthImage path={s.url} alt={s.deviceId ?? s.id} testId="snapshot" />
              <figcaption className="muted">{formatTime(s.takenAt, lang)}</figcaption>
            </figure>
          ))}
        </div>
      </Card>
      <Card title={t('compound.events')}>
        <EventLog compoundId={id} devices={devices.data ?? []} />
      </Card>
    </div>
  );
}
