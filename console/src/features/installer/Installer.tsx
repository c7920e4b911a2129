/** Installers: compounds, enrollment codes, gateway state after enrollment, discovered cameras, config versions applied or not, dead letters. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Gateway } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading, StateBadge } from '../../components/ui.js';
import { useDevices, useDirectory } from '../../components/use-directory.js';
import { useInterval } from '../../components/use-interval.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { CopyButton, QrCode } from '../../components/QrCode.js';
import { AddCamera } from './AddCamera.js';
import { GatewayDiagnostics } from './GatewayDiagnostics.js';
import { DeadLetters } from './DeadLetters.js';
import { DeviceTest } from './DeviceTest.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatAgo, formatTime } from '../../format.js';
import { href } from '../../router.js';

export default function Installer() {
  const { t } = useI18n();
  const dir = useDirectory();
  const [compoundId, setCompoundId] = useCompoundChoice(dir);
  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('installer.title')}</h1>
        <CompoundSelect dir={dir} value={compoundId} onChange={setCompoundId} testId="installer-compound" />
      </div>
      <Card title={t('installer.newCompound')}>
        <NewCompound
          onCreated={(c) => {
            dir.reloadCompounds();
            setCompoundId(c.id);
          }}
        />
      </Card>
      {compoundId ? <CompoundInstall compoundId={compoundId} /> : <Loading />}
    </div>
  );
}

function NewCompound({ onCreated }: { onCreated(c: { id: string }): void }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const create = useMutation({
    mutationFn: () => must(api.POST('/api/compounds', { body: { name: name.trim(), address: address.trim() || undefined } })),
    onSuccess: (c) => {
      onCreated(c);
      setName('');
      setAddress('');
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form className="row" onSubmit={submit}>
      <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} placeholder={t('installer.compoundName')} aria-label={t('installer.compoundName')} />
      <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} placeholder={t('installer.address')} aria-label={t('installer.address')} />
      <button type="submit" className="btn">
        {t('common.submit')}
      </button>
      <ErrorLine error={create.error} />
    </form>
  );
}

/** A gateway enrolling right now shows up (and comes online) without a reload. */
const POLL_MS = 5000;

function CompoundInstall({ compoundId }: { compoundId: string }) {
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t, lang } = useI18n();
  const path = { compoundId };
  const codes = useQuery({
    queryKey: queryKeys.enrollmentCodes(compoundId),
    queryFn: async () => (await must(api.GET('/api/compounds/{compoundId}/enrollment-codes', { params: { path } }))).codes,
  });
  const gateways = useGateways(compoundId);
  const devices = useDevices(compoundId);
  const cameras = devices.data?.filter((d) => d.kind === 'camera');
  const gates = devices.data?.filter((d) => d.kind === 'gate');
  useInterval(() => void devices.refetch(), POLL_MS);
  const [gatewayName, setGatewayName] = useState('');
  const createCode = useMutation({
    mutationFn: () => must(api.POST('/api/compounds/{compoundId}/enrollment-codes', { params: { path }, body: { ttlMinutes: 24 * 60, gatewayName: gatewayName.trim() || undefined } })),
    onSuccess: () => void cache.invalidateQueries({ queryKey: queryKeys.enrollmentCodes(compoundId) }),
  });
  const created = createCode.data;
  const reloadGateways = () => void gateways.refetch();
  const now = Date.now();

  return (
    <>
      <Card title={t('installer.codes')}>
        <div className="row">
          <input value={gatewayName} onChange={(e) => setGatewayName(e.target.value)} maxLength={60} placeholder={t('installer.gatewayName')} aria-label={t('installer.gatewayName')} />
          <button type="button" className="btn btn-primary" disabled={createCode.isPending} onClick={() => createCode.mutate()} data-testid="create-enrollment-code">
            {t('installer.createCode')}
          </button>
        </div>
        <ErrorLine error={createCode.error ?? codes.error} onRetry={codes.error ? () => void codes.refetch() : undefined} />
        {created && (
          <div className="enroll-code">
            <QrCode text={enrollCommand(created.code)} label={t('installer.code')} testId="enrollment-qr" />
            <p className="ok">
              {t('installer.code')}: <strong data-testid="enrollment-code">{created.code}</strong> <CopyButton text={created.code} testId="enrollment-copy" /> · {t('installer.expires')}{' '}
              {formatTime(created.expiresAt, lang)}
              <br />
              <code>{enrollCommand(created.code)}</code> <CopyButton text={enrollCommand(created.code)} testId="enrollment-copy-command" />
            </p>
          </div>
        )}
        <ul className="timeline" data-testid="enrollment-codes">
          {(codes.data ?? []).map((c) => (
            <li key={c.code}>
              <strong>{c.code}</strong> · {c.usedAt ? `${t('installer.used')} ${formatTime(c.usedAt, lang)} → ${c.gatewayId}` : `${t('installer.expires')} ${formatTime(c.expiresAt, lang)}`}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('installer.gateways')}>
        <ErrorLine error={gateways.error} onRetry={reloadGateways} />
        <div className="table-wrap">
          <table data-testid="installer-gateways">
            <thead>
              <tr>
                <th>{t('overview.gateway')}</th>
                <th>{t('compound.state')}</th>
                <th>{t('installer.lastSeq')}</th>
                <th>{t('installer.configVersions')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(gateways.data ?? []).map((g) => (
                <GatewayRow key={g.id} g={g} now={now} />
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="btn btn-small" onClick={reloadGateways}>
          {t('common.retry')}
        </button>
      </Card>
      <Card title={t('installer.cameras')}>
        {cameras?.length === 0 && <p className="muted">{t('common.none')}</p>}
        <ul className="timeline" data-testid="installer-cameras">
          {(cameras ?? []).map((c) => (
            <li key={c.id}>
              <StateBadge state={c.online ? 'online' : c.online === false ? 'offline' : 'unknown'} /> {c.name ?? c.deviceId} · {c.gatewayId} ·{' '}
              {c.lastSeenAt ? formatTime(c.lastSeenAt, lang) : t('common.never')} <DeviceTest deviceId={c.id} deviceName={c.name ?? c.deviceId} kind="camera" />
            </li>
          ))}
        </ul>
        <a href={href('compounds', compoundId)}>{t('installer.openCompound')}</a>
      </Card>
      <Card title={t('installer.devices')}>
        <p className="muted">{t('installer.devicesHint')}</p>
        {gates?.length === 0 && <p className="muted">{t('common.none')}</p>}
        <ul className="timeline" data-testid="installer-gates">
          {(gates ?? []).map((g) => (
            <li key={g.id}>
              <StateBadge state={g.online ? 'online' : g.online === false ? 'offline' : 'unknown'} /> {g.name ?? g.deviceId} · {g.gatewayId}{' '}
              <DeviceTest deviceId={g.id} deviceName={g.name ?? g.deviceId} kind="gate" />
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

/** The gateways of a compound, polled while the installer page shows them. */
function useGateways(compoundId: string) {
  const api = useTypedApi();
  return useQuery({
    queryKey: queryKeys.gateways(compoundId),
    queryFn: async () => (await must(api.GET('/api/gateways', { params: { query: { compoundId } } }))).gateways,
    refetchInterval: POLL_MS,
  });
}

function GatewayRow({ g, now }: { g: Gateway; now: number }) {
  const { t, lang } = useI18n();
  const api = useTypedApi();
  const cache = useQueryClient();
  const gatewayId = g.id;
  const [showConfig, setShowConfig] = useState(false);
  const info = useQuery({
    queryKey: queryKeys.gatewayConfig(gatewayId),
    queryFn: () => must(api.GET('/api/gateways/{gatewayId}/config', { params: { path: { gatewayId } } })),
    enabled: showConfig,
  });
  // A lost or stolen Pi: the cloud refuses its login and batches from now on.
  const revoke = useMutation({
    mutationFn: () => must(api.POST('/api/gateways/{gatewayId}/revoke', { params: { path: { gatewayId } } })),
    onSuccess: () => void cache.invalidateQueries({ queryKey: ['gateways'] }),
  });
  const applied = g.appliedConfigVersion >= g.configVersion;
  return (
    <tr data-testid="installer-gateway" data-gateway-id={g.id} data-config-applied={applied}>
      <td>
        {g.name ?? g.id}
        <br />
        <span className="muted">
          {g.hwModel ?? ''} {g.agentVersion ?? ''}
        </span>
      </td>
      <td>
        {g.revokedAt ? (
          <span className="badge state-offline" data-testid="gateway-revoked">
            {t('installer.revoked')}
          </span>
        ) : (
          <StateBadge state={g.linkState === 'never' ? 'pending' : g.alive ? 'online' : 'offline'} />
        )}
        <br />
        <span className="muted">{formatAgo(g.lastAckAt ?? undefined, now, t)}</span>
      </td>
      <td>{g.lastAckedSeq}</td>
      <td>
        v{g.configVersion} · {applied ? <span className="ok">{t('installer.applied')}</span> : <span className="breach-tag">{t('installer.notApplied', { v: g.appliedConfigVersion })}</span>}
        {info.data && (
          <div className="muted" data-testid="gateway-config-info">
            v{info.data.version} · {formatTime(info.data.createdAt, lang)} · {info.data.createdBy}
          </div>
        )}
      </td>
      <td>
        <button type="button" className="btn btn-small" onClick={() => (showConfig ? void info.refetch() : setShowConfig(true))} data-testid="gateway-show-config">
          {t('installer.showConfig')}
        </button>
        {!g.revokedAt && (
          <button
            type="button"
            className="btn btn-small btn-danger"
            disabled={revoke.isPending}
            onClick={() => window.confirm(t('installer.revokeConfirm', { name: g.name ?? g.id })) && revoke.mutate()}
            data-testid="gateway-revoke"
          >
            {t('installer.revoke')}
          </button>
        )}
        <ErrorLine error={revoke.error ?? info.error} />
        {!g.revokedAt && <DiscoverCameras gatewayId={g.id} />}
        {!g.revokedAt && <GatewayDiagnostics gatewayId={g.id} />}
        {!g.revokedAt && <DeadLetters gatewayId={g.id} gatewayName={g.name ?? g.id} />}
      </td>
    </tr>
  );
}

/** WS-Discovery run by the gateway on its LAN: what answered, and whether the config already has it. */
function DiscoverCameras({ gatewayId }: { gatewayId: string }) {
  const { t } = useI18n();
  const api = useTypedApi();
  const discover = useMutation({ mutationFn: () => must(api.POST('/api/gateways/{gatewayId}/discover', { params: { path: { gatewayId } }, body: {} })) });
  const busy = discover.isPending;
  const found = busy ? null : (discover.data?.cameras ?? null);
  return (
    <div>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => discover.mutate()} data-testid="discover-cameras">
        {t('installer.discover')}
      </button>
      {busy && (
        <span className="muted" data-testid="discover-progress">
          {' '}
          {t('installer.discovering')}
        </span>
      )}
      <ErrorLine error={discover.error} />
      {found?.length === 0 && <p className="muted">{t('installer.discoverNone')}</p>}
      {found && found.length > 0 && (
        <ul className="timeline">
          {found.map((c) => (
            <li key={c.xaddr} data-testid="discovered-camera" data-configured={c.configured}>
              <code>{c.xaddr}</code> · {c.name ?? '-'}
              {c.hardware ? ` (${c.hardware})` : ''} · {c.configured ? <span className="ok">{t('installer.cameraConfigured')}</span> : <span className="breach-tag">{t('installer.cameraNotConfigured')}</span>}
              {!c.configured && <AddCamera gatewayId={gatewayId} xaddr={c.xaddr} suggestedName={c.name ?? null} onDone={() => {}} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the installer runs on the Pi; the QR code carries the same line to the phone that sets it up. */
function enrollCommand(code: string): string {
  return `yardguard-edge enroll --cloud ${window.location.origin} --code ${code}`;
}
