/** Installers: compounds, enrollment codes, gateway state after enrollment, discovered cameras, config versions applied or not, dead letters. */
import { useState, type FormEvent } from 'react';
import type { DiscoverCamerasResponse } from '@yardguard/firmware-config';
import type { Compound, ConfigVersionInfo, DeviceList, EnrollmentCode, EnrollmentCodeList, Gateway, GatewayList } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { Card, ErrorLine, Loading, StateBadge } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
import { useInterval } from '../../components/use-interval.js';
import { useDirectory } from '../../components/use-directory.js';
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

function NewCompound({ onCreated }: { onCreated(c: Compound): void }) {
  const api = useApi();
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      onCreated(await api.post<Compound>('/api/compounds', { name: name.trim(), address: address.trim() || undefined }));
      setName('');
      setAddress('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="row" onSubmit={submit}>
      <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} placeholder={t('installer.compoundName')} aria-label={t('installer.compoundName')} />
      <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} placeholder={t('installer.address')} aria-label={t('installer.address')} />
      <button type="submit" className="btn">
        {t('common.submit')}
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function CompoundInstall({ compoundId }: { compoundId: string }) {
  const api = useApi();
  const { t, lang } = useI18n();
  const cid = encodeURIComponent(compoundId);
  const codes = useFetch(async (a) => (await a.get<EnrollmentCodeList>(`/api/compounds/${cid}/enrollment-codes`)).codes, [cid]);
  const gateways = useFetch(async (a) => (await a.get<GatewayList>('/api/gateways', { compoundId })).gateways, [compoundId]);
  const devices = useFetch(async (a) => (await a.get<DeviceList>('/api/devices', { compoundId })).devices, [compoundId]);
  const cameras = devices.data?.filter((d) => d.kind === 'camera');
  const gates = devices.data?.filter((d) => d.kind === 'gate');
  // A gateway enrolling right now shows up (and comes online) without a reload.
  useInterval(() => (gateways.reload(), devices.reload()), 5000);
  const [gatewayName, setGatewayName] = useState('');
  const [created, setCreated] = useState<EnrollmentCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = Date.now();

  async function createCode() {
    setError(null);
    try {
      const c = await api.post<EnrollmentCode>(`/api/compounds/${cid}/enrollment-codes`, { ttlMinutes: 24 * 60, gatewayName: gatewayName.trim() || undefined });
      setCreated(c);
      codes.setData((l) => [c, ...(l ?? [])]);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Card title={t('installer.codes')}>
        <div className="row">
          <input value={gatewayName} onChange={(e) => setGatewayName(e.target.value)} maxLength={60} placeholder={t('installer.gatewayName')} aria-label={t('installer.gatewayName')} />
          <button type="button" className="btn btn-primary" onClick={() => void createCode()} data-testid="create-enrollment-code">
            {t('installer.createCode')}
          </button>
        </div>
        <ErrorLine error={error ?? codes.error} />
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
        <ul className="timeline">
          {(codes.data ?? []).map((c) => (
            <li key={c.code}>
              <strong>{c.code}</strong> · {c.usedAt ? `${t('installer.used')} ${formatTime(c.usedAt, lang)} → ${c.gatewayId}` : `${t('installer.expires')} ${formatTime(c.expiresAt, lang)}`}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('installer.gateways')}>
        <ErrorLine error={gateways.error} onRetry={gateways.reload} />
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
                <GatewayRow key={g.id} g={g} now={now} onChanged={gateways.reload} />
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="btn btn-small" onClick={gateways.reload}>
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

function GatewayRow({ g, now, onChanged }: { g: Gateway; now: number; onChanged(): void }) {
  const { t, lang } = useI18n();
  const [info, setInfo] = useState<ConfigVersionInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const api = useApi();
  // A lost or stolen Pi: the cloud refuses its login and batches from now on.
  async function revoke() {
    if (!window.confirm(t('installer.revokeConfirm', { name: g.name ?? g.id }))) return;
    setError(null);
    try {
      await api.post(`/api/gateways/${encodeURIComponent(g.id)}/revoke`, {});
      onChanged();
    } catch (e) {
      setError(e);
    }
  }
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
        {info && (
          <div className="muted">
            v{info.version} · {formatTime(info.createdAt, lang)} · {info.createdBy}
          </div>
        )}
      </td>
      <td>
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            void api
              .get<ConfigVersionInfo>(`/api/gateways/${encodeURIComponent(g.id)}/config`)
              .then(setInfo)
              .catch(() => setInfo(null))
          }
        >
          {t('installer.showConfig')}
        </button>
        {!g.revokedAt && (
          <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke()} data-testid="gateway-revoke">
            {t('installer.revoke')}
          </button>
        )}
        <ErrorLine error={error} />
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
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<DiscoverCamerasResponse['cameras'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function discover() {
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound((await api.post<DiscoverCamerasResponse>(`/api/gateways/${encodeURIComponent(gatewayId)}/discover`, {})).cameras);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void discover()} data-testid="discover-cameras">
        {t('installer.discover')}
      </button>
      {busy && (
        <span className="muted" data-testid="discover-progress">
          {' '}
          {t('installer.discovering')}
        </span>
      )}
      <ErrorLine error={error} />
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
