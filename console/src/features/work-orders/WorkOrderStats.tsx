/** Monthly on-time rate and satisfaction per compound (GET /api/work-orders/report). */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaDate } from '../../format.js';
import { ExportButtons } from '../export/ExportButtons.js';

/** This month in China (not the browser's zone: on the 1st before 08:00 Beijing time UTC is still last month). */
export function currentMonth(now: number = Date.now()): string {
  return chinaDate(now).slice(0, 7);
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

export function WorkOrderStats({ compoundName }: { compoundName(id: string): string }) {
  const { t } = useI18n();
  const api = useTypedApi();
  const [month, setMonth] = useState(currentMonth);
  // Work-order messages mark it stale (api/live-invalidate.ts): the page that shows it refetches.
  const report = useQuery({
    queryKey: queryKeys.workOrders.report(month),
    queryFn: async () => (await must(api.GET('/api/work-orders/report', { params: { query: { month } } }))).rows,
  });
  return (
    <Card
      title={t('wo.stats')}
      actions={
        <span className="row-actions">
          <label>
            {t('wo.month')}
            <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
          </label>
          <ExportButtons
            testId="wo-stats-export"
            build={() => ({
              name: `${t('wo.stats')}-${month}`,
              columns: [t('col.compound'), t('col.month'), t('col.created'), t('col.closed'), t('col.closedOnTime'), t('col.onTimeRate'), t('col.breachedCount'), t('col.ratings'), t('col.satisfaction')],
              rows: (report.data ?? []).map((r) => [compoundName(r.compoundId), r.month, r.created, r.closed, r.closedOnTime, pct(r.onTimeRate), r.breached, r.ratings, r.avgSatisfaction]),
            })}
          />
        </span>
      }
    >
      <ErrorLine error={report.error} onRetry={() => void report.refetch()} />
      <div className="table-wrap">
        <table data-testid="wo-stats">
          <thead>
            <tr>
              <th>{t('wo.compound')}</th>
              <th>{t('wo.created_n')}</th>
              <th>{t('wo.closed_n')}</th>
              <th>{t('wo.onTimeRate')}</th>
              <th>{t('wo.breached_n')}</th>
              <th>{t('wo.satisfaction')}</th>
            </tr>
          </thead>
          <tbody>
            {(report.data ?? []).map((r) => (
              <tr key={r.compoundId}>
                <td>{compoundName(r.compoundId)}</td>
                <td>{r.created}</td>
                <td>{r.closed}</td>
                <td>{pct(r.onTimeRate)}</td>
                <td className={r.breached ? 'breach-tag' : ''}>{r.breached}</td>
                <td>{r.avgSatisfaction === null ? '—' : `${r.avgSatisfaction.toFixed(1)} / 5`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
