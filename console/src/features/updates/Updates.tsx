/**
 * Over-the-air updates: the releases (admins upload the `npm run package` tarball; the cloud signs
 * it), rollouts per compound (one gateway, a percentage, all; pause and resume), and for each
 * gateway its agent version, where the rollout stands and why a gateway failed or rolled back.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RolloutInfo } from '@yardguard/firmware-config';
import type { paths } from '../../api/schema.js';
import { postBytes, type ApiClient } from '../../api/client.js';
import { useApi, useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine } from '../../components/ui.js';
import { useDirectory } from '../../components/use-directory.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

type Stage = RolloutInfo['stage'];
/** A rollout as the cloud's document describes it (its counts keyed by any state). */
type Rollout = paths['/api/rollouts']['get']['responses'][200]['content']['application/json']['rollouts'][number];
/** Gateways move through a rollout in seconds: its progress is polled while the page shows. */
const ROLLOUT_POLL_MS = 3000;

/** The release list is fetched again afterwards (the mutation invalidates it): the answer is not read. */
async function uploadRelease(api: ApiClient, file: Blob): Promise<void> {
  await postBytes(api, '/api/releases', undefined, new Uint8Array(await file.arrayBuffer()), 'application/gzip');
}

export default function Updates() {
  const { t, lang } = useI18n();
  const raw = useApi();
  const api = useTypedApi();
  const cache = useQueryClient();
  const { session } = useSession();
  const dir = useDirectory();
  const [compoundId, setCompoundId] = useCompoundChoice(dir);
  const releases = useQuery({ queryKey: queryKeys.releases, queryFn: async () => (await must(api.GET('/api/releases'))).releases });
  const rollouts = useQuery({ queryKey: queryKeys.rollouts, queryFn: async () => (await must(api.GET('/api/rollouts'))).rollouts, refetchInterval: ROLLOUT_POLL_MS });
  const [version, setVersion] = useState('');
  const [stage, setStage] = useState<Stage>('one');
  const [percent, setPercent] = useState(25);

  // Every action here changes a rollout (an upload adds a release); one error line for them all.
  const act = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSuccess: () => {
      void cache.invalidateQueries({ queryKey: queryKeys.rollouts });
      void cache.invalidateQueries({ queryKey: queryKeys.releases });
    },
  });
  function start(e: FormEvent) {
    e.preventDefault();
    const v = version || releases.data?.[0]?.version;
    if (!v) return;
    act.mutate(() => must(api.POST('/api/rollouts', { body: { version: v, compoundId, stage, ...(stage === 'percent' ? { percent } : {}) } })));
  }

  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('updates.title')}</h1>
        <CompoundSelect dir={dir} value={compoundId} onChange={setCompoundId} testId="updates-compound" />
      </div>
      <ErrorLine error={act.error ?? releases.error ?? rollouts.error} />
      <Card title={t('updates.releases')}>
        {session?.user.role === 'admin' && (
          <label className="row">
            {t('updates.upload')}{' '}
            <input
              type="file"
              accept=".tar.gz,application/gzip"
              data-testid="release-upload"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) act.mutate(() => uploadRelease(raw, f));
              }}
            />
          </label>
        )}
        <ul className="timeline" data-testid="releases">
          {(releases.data ?? []).map((r) => (
            <li key={r.version}>
              <strong>{r.version}</strong> · {(r.bytes / 1048576).toFixed(1)} MiB · {formatTime(r.addedAt, lang)} · <code>{r.sha256.slice(0, 12)}</code>
            </li>
          ))}
        </ul>
        <form className="row" onSubmit={start}>
          <select value={version} onChange={(e) => setVersion(e.target.value)} aria-label={t('updates.version')} data-testid="rollout-version">
            {(releases.data ?? []).map((r) => (
              <option key={r.version} value={r.version}>
                {r.version}
              </option>
            ))}
          </select>
          <StageSelect stage={stage} onChange={setStage} testId="rollout-stage" />
          {stage === 'percent' && <input type="number" min={1} max={100} value={percent} onChange={(e) => setPercent(Number(e.target.value))} aria-label="%" />}
          <button type="submit" className="btn btn-primary" disabled={!releases.data?.length || !compoundId} data-testid="rollout-start">
            {t('updates.start')}
          </button>
        </form>
      </Card>
      {(rollouts.data ?? []).filter((r) => r.targets.some((x) => x.compoundId === compoundId)).map((r) => (
        <RolloutCard key={r.id} r={r} onAct={act.mutate} />
      ))}
    </div>
  );
}

function StageSelect({ stage, onChange, testId }: { stage: Stage; onChange(s: Stage): void; testId: string }) {
  const { t } = useI18n();
  return (
    <select value={stage} onChange={(e) => onChange(e.target.value as Stage)} aria-label={t('updates.stage')} data-testid={testId}>
      <option value="one">{t('updates.stage.one')}</option>
      <option value="percent">{t('updates.stage.percent')}</option>
      <option value="all">{t('updates.stage.all')}</option>
    </select>
  );
}

function RolloutCard({ r, onAct }: { r: Rollout; onAct(fn: () => Promise<unknown>): void }) {
  const { t, lang } = useI18n();
  const api = useTypedApi();
  const [next, setNext] = useState<Stage>(r.stage === 'one' ? 'percent' : 'all');
  const params = { path: { rolloutId: r.id } };
  const c = r.counts;
  return (
    <Card title={`${t('updates.rollout')} ${r.version}`}>
      <div data-testid="rollout" data-state={r.state}>
        <p>
          {t(`updates.state.${r.state}`)} · {t(`updates.stage.${r.stage}`)}
          {r.stage === 'percent' ? ` ${r.percent}%` : ''} · {formatTime(r.createdAt, lang)}
        </p>
        <p data-testid="rollout-progress">{t('updates.progress', { updated: c.updated ?? 0, sent: c.sent ?? 0, pending: c.pending ?? 0, failed: (c.failed ?? 0) + (c.rolled_back ?? 0), total: r.targets.length })}</p>
        {r.pausedReason && <p className="breach-tag" data-testid="rollout-paused-reason">{r.pausedReason}</p>}
        {r.state !== 'done' && (
          <div className="row">
            <StageSelect stage={next} onChange={setNext} testId="rollout-next-stage" />
            <button type="button" className="btn btn-small" onClick={() => onAct(() => must(api.POST('/api/rollouts/{rolloutId}/stage', { params, body: { stage: next, ...(next === 'percent' ? { percent: 50 } : {}) } })))} data-testid="rollout-widen">
              {t('updates.widen')}
            </button>
            {r.state === 'running' ? (
              <button type="button" className="btn btn-small" onClick={() => onAct(() => must(api.POST('/api/rollouts/{rolloutId}/pause', { params })))} data-testid="rollout-pause">
                {t('updates.pause')}
              </button>
            ) : (
              <button type="button" className="btn btn-small" onClick={() => onAct(() => must(api.POST('/api/rollouts/{rolloutId}/resume', { params })))} data-testid="rollout-resume">
                {t('updates.resume')}
              </button>
            )}
          </div>
        )}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('overview.gateway')}</th>
                <th>{t('updates.agentVersion')}</th>
                <th>{t('compound.state')}</th>
              </tr>
            </thead>
            <tbody>
              {r.targets.map((x) => (
                <tr key={x.gatewayId} data-testid="rollout-target" data-state={x.state}>
                  <td>{x.gatewayName ?? x.gatewayId}</td>
                  <td>{x.agentVersion ?? '-'}</td>
                  <td>
                    {t(`updates.target.${x.state}`)}
                    {x.reason && <div className="muted">{x.reason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Card>
  );
}
