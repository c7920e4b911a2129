/**
 * Monthly reports (per compound, company, street) with the headline figures and a CSV export, and
 * the callback call list (回访) for customer service and managers.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Callback, RecordCallbackRequest } from '../../api/types.js';
import { useApi, useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useAction } from '../../components/use-action.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

const pct = (r: number | null) => (r === null ? '—' : `${Number((r * 100).toFixed(2))}%`);
const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

export default function Reports() {
  const api = useApi();
  const { session } = useSession();
  const { t, lang } = useI18n();
  const [month, setMonth] = useState(thisMonth());
  const [scope, setScope] = useState<'compound' | 'company' | 'street'>('company');
  const typed = useTypedApi();
  const cache = useQueryClient();
  const report = useQuery({ queryKey: queryKeys.reports(month, scope), queryFn: () => must(typed.GET('/api/reports/monthly', { params: { query: { month, scope } } })) });
  const mayCall = session?.user.role === 'manager' || session?.user.role === 'admin' || session?.user.role === 'staff';
  const calls = useQuery({
    queryKey: queryKeys.callbacks,
    enabled: mayCall,
    queryFn: async () => (await must(typed.GET('/api/callbacks', { params: { query: { status: 'pending' } } }))).callbacks,
  });
  const action = useAction();

  const downloadCsv = () => action.run(async () => {
    const res = await fetch(api.url('/api/reports/monthly.csv', { month, scope }), { headers: { authorization: `Bearer ${api.token() ?? ''}` } });
    if (!res.ok) throw new Error(`${res.status}`);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = `report-${scope}-${month}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  });
  // A recorded call leaves the pending list and changes the month's satisfaction figures.
  const recordCall = useMutation({
    mutationFn: ({ c, body }: { c: Callback; body: RecordCallbackRequest }) => must(typed.POST('/api/callbacks/{callbackId}', { params: { path: { callbackId: c.id } }, body })),
    onSuccess: () => {
      void cache.invalidateQueries({ queryKey: queryKeys.callbacks });
      void cache.invalidateQueries({ queryKey: ['reports'] });
    },
  });
  const record = (c: Callback, body: RecordCallbackRequest) => recordCall.mutate({ c, body });
  const busy = action.busy || recordCall.isPending;

  return (
    <div className="page" data-testid="reports-page">
      <h1>{t('reports.title')}</h1>
      <div className="row">
        <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-label={t('reports.month')} />
        <select value={scope} onChange={(e) => setScope(e.target.value as typeof scope)} aria-label={t('reports.scope')}>
          <option value="compound">{t('reports.byCompound')}</option>
          <option value="company">{t('reports.byCompany')}</option>
          <option value="street">{t('reports.byStreet')}</option>
        </select>
        <button type="button" className="btn" onClick={() => void downloadCsv()} disabled={action.busy} data-testid="reports-csv">{t('reports.csv')}</button>
      </div>
      <ErrorLine error={action.error ?? recordCall.error} />
      {report.isPending && !report.error ? <Loading /> : !report.data ? <ErrorLine error={report.error} onRetry={() => void report.refetch()} /> : (
        report.data.rows.map((r) => (
          <Card key={`${r.scope}-${r.id}`} title={r.name}>
            <p className="notice-big" data-testid="report-headline">{r.headline}</p>
            <table className="notice-table">
              <tbody>
                <tr><td>{t('woStage.dispatched')}</td><td>{r.steps.dispatch.onTime}/{r.steps.dispatch.moves}</td><td>{pct(r.steps.dispatch.rate)}</td></tr>
                <tr><td>{t('woStage.accepted')}</td><td>{r.steps.accept.onTime}/{r.steps.accept.moves}</td><td>{pct(r.steps.accept.rate)}</td></tr>
                <tr><td>{t('woStage.supervised')}</td><td>{r.steps.supervise.onTime}/{r.steps.supervise.moves}</td><td>{pct(r.steps.supervise.rate)}</td></tr>
                <tr><td>{t('woStage.verified')}</td><td>{r.steps.verify.onTime}/{r.steps.verify.moves}</td><td>{pct(r.steps.verify.rate)}</td></tr>
                <tr><td>{t('reports.callbacks')}</td><td>{r.callbacks.satisfied}/{r.callbacks.answered}</td><td>{pct(r.callbacks.satisfactionRate)}</td></tr>
                <tr><td>{t('reports.alerts')}</td><td>{r.alerts.acknowledged}/{r.alerts.raised}</td><td>{r.alerts.avgAckS === null ? '—' : t('reports.avgAck', { s: r.alerts.avgAckS })}</td></tr>
              </tbody>
            </table>
          </Card>
        ))
      )}
      {mayCall && (
        <Card title={t('reports.callList')}>
          <ul className="timeline" data-testid="callback-list">
            {(calls.data ?? []).map((c) => (
              <li key={c.id}>
                {formatTime(c.verifiedAt, lang)} · {c.residentName} {c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>} · {c.workOrderTitle}
                <span className="row">
                  {[5, 4, 3, 2, 1].map((n) => (
                    <button key={n} type="button" className="btn" disabled={busy} onClick={() => void record(c, { outcome: 'answered', satisfaction: n })}>{n}★</button>
                  ))}
                  <button type="button" className="btn" disabled={busy} onClick={() => void record(c, { outcome: 'unreachable' })}>{t('reports.unreachable')}</button>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
