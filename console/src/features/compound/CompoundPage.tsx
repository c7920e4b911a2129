/** One compound: devices with state and last seen, latest snapshots, gate open buttons (allowed roles), the event log. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { GateOpenButton } from '../../components/GateOpenButton.js';
import { SnapshotGallery } from '../../components/SnapshotGallery.js';
import { Card, ErrorLine, Loading, StateBadge } from '../../components/ui.js';
import { useDevices } from '../../components/use-directory.js';
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
  const api = useTypedApi();
  const cache = useQueryClient();
  const inCompound = { params: { query: { compoundId: id } } };
  const compound = useQuery({ queryKey: queryKeys.compound(id), queryFn: () => must(api.GET('/api/compounds/{compoundId}', { params: { path: { compoundId: id } } })) });
  const gateways = useQuery({ queryKey: queryKeys.compoundPart(id, 'gateways'), queryFn: async () => (await must(api.GET('/api/gateways', inCompound))).gateways });
  // The same cached list the alert desk and the charts use.
  const devices = useDevices(id);
  const gates = useQuery({
    queryKey: queryKeys.compoundPart(id, 'gates'),
    enabled: mayOpen,
    queryFn: async () => (await must(api.GET('/api/gates', inCompound))).gates,
  });
  const snapshots = useQuery({
    queryKey: queryKeys.compoundPart(id, 'snapshots'),
    queryFn: async () => (await must(api.GET('/api/snapshots', { params: { query: { compoundId: id, limit: 8 } } }))).snapshots,
  });
  // The camera uploads its picture a moment after answering the command.
  const snapshotTaken = () => setTimeout(() => void cache.invalidateQueries({ queryKey: queryKeys.compoundPart(id, 'snapshots') }), 1500);
  const now = Date.now();

  if (compound.isPending) return <Loading />;
  return (
    <div className="page" data-testid="compound-page" data-compound-id={id}>
      <a href={href('overview')}>← {t('common.back')}</a>
      <ErrorLine error={compound.error} onRetry={() => void compound.refetch()} />
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
                        <DeviceActions device={d} onDone={(action) => action === 'camera.snapshot' && snapshotTaken()} />
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
        <SnapshotGallery items={(snapshots.data ?? []).map((s) => ({ path: s.url, caption: formatTime(s.takenAt, lang) }))} alt={compound.data?.name ?? id} />
      </Card>
      <Card title={t('compound.events')}>
        <EventLog compoundId={id} devices={devices.data ?? []} />
      </Card>
    </div>
  );
}
