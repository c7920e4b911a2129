/** The alert and escalation policy of one compound: acknowledge / resolve times per severity, fold window, escalations, offline time. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertPolicy, AlertSeverity } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';

const severities: AlertSeverity[] = ['critical', 'high', 'medium', 'low'];

export default function AlertPolicyForm() {
  const dir = useDirectory();
  const [compoundId, setCompound] = useCompoundChoice(dir);
  return (
    <div className="manage-policy">
      <div className="toolbar">
        <CompoundSelect dir={dir} value={compoundId} onChange={setCompound} testId="policy-compound" />
      </div>
      {compoundId ? <PolicyEditor key={compoundId} compoundId={compoundId} /> : <Loading />}
    </div>
  );
}

function Seconds({ value, onChange, min, max, testId, label }: { value: number; onChange(n: number): void; min: number; max: number; testId: string; label: string }) {
  const { t } = useI18n();
  return (
    <label>
      {label}
      <input type="number" inputMode="numeric" min={min} max={max} step={1} value={Number.isFinite(value) ? value : ''} required data-testid={testId}
        onChange={(e) => onChange(e.target.valueAsNumber)} />
      {value >= 120 && <span className="muted">{t('policy.minutes', { n: Math.round(value / 60) })}</span>}
    </label>
  );
}

function PolicyEditor({ compoundId }: { compoundId: string }) {
  const { t, tx } = useI18n();
  const api = useTypedApi();
  const cache = useQueryClient();
  const key = queryKeys.alertPolicy(compoundId);
  const params = { path: { compoundId } };
  const loaded = useQuery({ queryKey: key, queryFn: () => must(api.GET('/api/compounds/{compoundId}/alert-policy', { params })) });
  // The form's edits; null = showing what the cloud has.
  const [draft, setDraft] = useState<AlertPolicy | null>(null);
  const save = useMutation({
    mutationFn: (body: AlertPolicy) => must(api.PUT('/api/compounds/{compoundId}/alert-policy', { params, body })),
    onSuccess: (saved) => {
      cache.setQueryData(key, saved);
      setDraft(null);
    },
  });
  const policy = draft ?? loaded.data;
  if (!policy) return loaded.error ? <ErrorLine error={loaded.error} onRetry={() => void loaded.refetch()} /> : <Loading />;
  const saved = save.isSuccess && !draft;
  const set = (p: Partial<AlertPolicy>) => setDraft({ ...policy, ...p });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(policy);
  };
  return (
    <Card title={t('manage.tab.policy')}>
      <p className="muted">{t('policy.intro')}</p>
      <form className="form-grid" onSubmit={submit} data-testid="policy-form">
        <table className="policy-table">
          <thead>
            <tr>
              <th>{t('col.severity')}</th>
              <th>{t('policy.ack')}</th>
              <th>{t('policy.resolve')}</th>
            </tr>
          </thead>
          <tbody>
            {severities.map((s) => (
              <tr key={s}>
                <td><span className={`sev-pill sev-${s}`}>{tx('severity', s)}</span></td>
                <td>
                  <Seconds label="" value={policy.ackTimeoutS[s]} min={5} max={86_400} testId={`policy-ack-${s}`} onChange={(n) => set({ ackTimeoutS: { ...policy.ackTimeoutS, [s]: n } })} />
                </td>
                <td>
                  <Seconds label="" value={policy.resolveTimeoutS[s]} min={5} max={86_400} testId={`policy-resolve-${s}`} onChange={(n) => set({ resolveTimeoutS: { ...policy.resolveTimeoutS, [s]: n } })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Seconds label={t('policy.fold')} value={policy.foldWindowS} min={0} max={86_400} testId="policy-fold" onChange={(n) => set({ foldWindowS: n })} />
        <Seconds label={t('policy.max')} value={policy.maxEscalations} min={0} max={50} testId="policy-max" onChange={(n) => set({ maxEscalations: n })} />
        <Seconds label={t('policy.offline')} value={policy.gatewayOfflineS} min={15} max={3600} testId="policy-offline" onChange={(n) => set({ gatewayOfflineS: n })} />
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="policy-save">{t('common.save')}</button>
        {saved && <p className="ok" data-testid="policy-saved">{t('policy.saved')}</p>}
        <ErrorLine error={save.error} />
      </form>
    </Card>
  );
}
