/**
 * Add a discovered camera to the gateway's site config: name it, tick the gates it covers, push a
 * new config version, then watch the gateway: "applied" once it reports that version, or the
 * edge's reason when its config.push command comes back as an error (from the command audit).
 */
import { useState } from 'react';
import type { CameraConfig } from '@yardguard/firmware-config';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { must, useTypedApi, type TypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { commandReason } from '../../i18n/command-reason.js';

/** The first free `cam-N` id in the config. */
export function nextCameraId(cameras: readonly { id: string }[]): string {
  const taken = new Set(cameras.map((c) => c.id));
  let n = cameras.length + 1;
  while (taken.has(`cam-${n}`)) n++;
  return `cam-${n}`;
}

/** A push to watch: its version, and the config.push commands that existed before it (an older rejection is not ours). */
type Pushed = { version: number; before: ReadonlySet<string> };
type PushState = { state: 'waiting' | 'applied' | 'rejected'; reason?: string; code?: string | null };
const WATCH_MS = 2000;

async function configPushIds(api: TypedApi, gatewayId: string): Promise<Set<string>> {
  const { commands } = await must(api.GET('/api/gateways/{gatewayId}/commands', { params: { path: { gatewayId }, query: { limit: 20 } } }));
  return new Set(commands.filter((c) => c.action === 'config.push').map((c) => c.id));
}

/** After a push: polled until the gateway reports the version applied, or our config.push came back as an error. */
async function pushState(api: TypedApi, gatewayId: string, pushed: Pushed): Promise<PushState> {
  const path = { gatewayId };
  const [gw, { commands }] = await Promise.all([
    must(api.GET('/api/gateways/{gatewayId}', { params: { path } })),
    must(api.GET('/api/gateways/{gatewayId}/commands', { params: { path, query: { limit: 20 } } })),
  ]);
  if (gw.appliedConfigVersion >= pushed.version) return { state: 'applied' };
  const push = commands.find((c) => c.action === 'config.push' && !pushed.before.has(c.id));
  if (push && (push.status === 'error' || push.status === 'timeout')) return { state: 'rejected', reason: push.outcome ?? push.errorCode ?? push.status, code: push.errorCode };
  return { state: 'waiting' };
}

export function AddCamera({ gatewayId, xaddr, suggestedName, onDone }: { gatewayId: string; xaddr: string; suggestedName: string | null; onDone(): void }) {
  const api = useTypedApi();
  const cache = useQueryClient();
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState(suggestedName ?? '');
  const [covers, setCovers] = useState<string[]>([]);
  const config = useQuery({
    queryKey: queryKeys.gatewayConfig(gatewayId),
    queryFn: () => must(api.GET('/api/gateways/{gatewayId}/config', { params: { path: { gatewayId } } })),
  });
  // The site config as the cloud stored it (typed by the OpenAPI document); a gateway without one says so.
  const site = config.data?.config;
  const push = useMutation({
    mutationFn: async (): Promise<Pushed> => {
      if (!site) throw new Error('no site config');
      const cameras = site.cameras;
      const id = nextCameraId(cameras);
      const camera: CameraConfig = { id, name: name.trim() || id, onvif: { xaddr, credentialsRef: id }, covers, probeIntervalS: 30, events: true };
      const before = await configPushIds(api, gatewayId);
      const r = await must(api.PUT('/api/gateways/{gatewayId}/config', { params: { path: { gatewayId } }, body: { config: { ...site, cameras: [...cameras, camera] } } }));
      return { version: r.configVersion, before };
    },
    onSuccess: () => {
      void cache.invalidateQueries({ queryKey: queryKeys.gatewayConfig(gatewayId) });
      onDone();
    },
  });
  const pushed = push.data;
  const watched = useQuery({
    queryKey: ['config-push', gatewayId, pushed?.version],
    queryFn: () => pushState(api, gatewayId, pushed!),
    enabled: !!pushed,
    refetchInterval: (q) => (q.state.data?.state === 'waiting' || !q.state.data ? WATCH_MS : false),
  });
  const watch = pushed ? { version: pushed.version, ...(watched.data ?? { state: 'waiting' as const }) } : null;

  if (!site) return <ErrorLine error={config.error} />;
  const gates = site.gates;

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
      <button type="button" className="btn btn-primary" disabled={push.isPending || watch?.state === 'waiting'} onClick={() => push.mutate()} data-testid="add-camera-push">
        {t('installer.cameraPush')}
      </button>
      <ErrorLine error={push.error} />
      {watch && (
        <p className={watch.state === 'rejected' ? 'breach-tag' : watch.state === 'applied' ? 'ok' : 'muted'} data-testid="add-camera-state" data-state={watch.state}>
          {watch.state === 'applied'
            ? t('installer.configApplied', { v: watch.version })
            : watch.state === 'rejected'
              ? t('installer.configRejected', { reason: commandReason(i18n, watch.code, watch.reason) ?? watch.reason ?? '' })
              : t('installer.configWaiting', { v: watch.version })}
        </p>
      )}
    </div>
  );
}
