/**
 * Add a discovered camera to the gateway's site config: name it, tick the gates it covers, push a
 * new config version, then watch the gateway: "applied" once it reports that version, or the
 * edge's reason when its config.push command comes back as an error (from the command audit).
 */
import { useEffect, useState } from 'react';
import type { CommandList, ConfigVersionInfo, Gateway, GatewayList, PushConfigResponse } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { useAction } from '../../components/use-action.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

interface SiteCamera { id: string; name?: string; onvif: { xaddr: string; credentialsRef?: string }; covers: string[]; [k: string]: unknown }
interface SiteLike { gates?: { id: string; name?: string }[]; cameras?: SiteCamera[]; [k: string]: unknown }

/** The first free `cam-N` id in the config. */
export function nextCameraId(cameras: readonly { id: string }[]): string {
  const taken = new Set(cameras.map((c) => c.id));
  let n = cameras.length + 1;
  while (taken.has(`cam-${n}`)) n++;
  return `cam-${n}`;
}

type Watch = { version: number; state: 'waiting' | 'applied' | 'rejected'; reason?: string };
const WATCH_MS = 2000;

export function AddCamera({ gatewayId, xaddr, suggestedName, onDone }: { gatewayId: string; xaddr: string; suggestedName: string | null; onDone(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const action = useAction();
  const [site, setSite] = useState<SiteLike | null>(null);
  const [name, setName] = useState(suggestedName ?? '');
  const [covers, setCovers] = useState<string[]>([]);
  const [watch, setWatch] = useState<Watch | null>(null);
  const g = encodeURIComponent(gatewayId);

  useEffect(() => {
    void api.get<ConfigVersionInfo>(`/api/gateways/${g}/config`).then((info) => setSite(info.config as SiteLike), () => setSite({}));
  }, [api, g]);

  // After a push: poll until the gateway reports the version applied, or its config.push failed.
  useEffect(() => {
    if (!watch || watch.state !== 'waiting') return;
    const id = setInterval(() => {
      void (async () => {
        const [gws, cmds] = await Promise.all([api.get<GatewayList>('/api/gateways'), api.get<CommandList>(`/api/gateways/${g}/commands`, { limit: 20 })]);
        const gw: Gateway | undefined = gws.gateways.find((x) => x.id === gatewayId);
        if (gw && gw.appliedConfigVersion >= watch.version) return setWatch({ ...watch, state: 'applied' });
        const push = cmds.commands.find((c) => c.action === 'config.push');
        if (push && (push.status === 'error' || push.status === 'timeout')) setWatch({ ...watch, state: 'rejected', reason: push.outcome ?? push.errorCode ?? push.status });
      })().catch(() => {});
    }, WATCH_MS);
    return () => clearInterval(id);
  }, [watch, api, g, gatewayId]);

  if (!site) return null;
  const gates = site.gates ?? [];
  const push = () =>
    action.run(async () => {
      const cameras = site.cameras ?? [];
      const id = nextCameraId(cameras);
      const camera: SiteCamera = { id, name: name.trim() || id, onvif: { xaddr, credentialsRef: id }, covers, probeIntervalS: 30, events: true };
      const r = await api.put<PushConfigResponse>(`/api/gateways/${g}/config`, { config: { ...site, cameras: [...cameras, camera] } });
      setWatch({ version: r.configVersion, state: 'waiting' });
      onDone();
    });

  return (
    <div className="form add-camera" data-testid="add-camera">
      <label>
        {t('installer.cameraName')}
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} data-testid="add-camera-name" />
      </label>
      {gates.length > 0 && (
        <fieldset className="row">
          <legend>{t('installer.cameraCovers')}</legend>
          {gates.map((gate) => (
            <label key={gate.id} className="check">
              <input
                type="checkbox"
                checked={covers.includes(gate.id)}
                onChange={(e) => setCovers((c) => (e.target.checked ? [...c, gate.id] : c.filter((x) => x !== gate.id)))}
                data-testid={`add-camera-covers-${gate.id}`}
              />
              {gate.name ?? gate.id}
            </label>
          ))}
        </fieldset>
      )}
      <button type="button" className="btn btn-primary" disabled={action.busy || watch?.state === 'waiting'} onClick={() => void push()} data-testid="add-camera-push">
        {t('installer.cameraPush')}
      </button>
      <ErrorLine error={action.error} />
      {watch && (
        <p className={watch.state === 'rejected' ? 'breach-tag' : watch.state === 'applied' ? 'ok' : 'muted'} data-testid="add-camera-state" data-state={watch.state}>
          {watch.state === 'applied'
            ? t('installer.configApplied', { v: watch.version })
            : watch.state === 'rejected'
              ? t('installer.configRejected', { reason: watch.reason ?? '' })
              : t('installer.configWaiting', { v: watch.version })}
        </p>
      )}
    </div>
  );
}
