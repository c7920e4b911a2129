/** Incidents: the list (filters, search, pages, export), or one incident's detail. */
import { lazy, useState } from 'react';
import type { Incident } from '../../api/types.js';
import { must, useTypedApi, type TypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { useLiveInvalidation } from '../../api/live-invalidate.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { useCursorList } from '../../components/use-cursor-list.js';
import { useDirectory } from '../../components/use-directory.js';
import { DayRangeInputs, PageFooter, SearchBox, rangeQuery, type DayRange } from '../../components/ListFilters.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaDate, chinaDateTime, formatTime } from '../../format.js';
import { ExportButtons } from '../export/ExportButtons.js';
import type { ExportTable } from '../export/table.js';
import { href, useRoute } from '../../router.js';

const IncidentDetail = lazy(() => import('./IncidentDetail.js'));

export default function Incidents() {
  const route = useRoute();
  const id = route.path[0] === 'incidents' ? route.path[1] : undefined;
  return id ? <IncidentDetail id={id} /> : <IncidentListPage />;
}

const PAGE = 100;
const EXPORT_MAX = 5000;

type Filters = { compoundId: string; status: string; severity: string; q: string } & DayRange;

type Severity = 'critical' | 'high' | 'medium' | 'low';

function incidentQuery(f: Filters) {
  return { compoundId: f.compoundId || undefined, status: f.status || undefined, severity: (f.severity || undefined) as Severity | undefined, q: f.q || undefined, ...rangeQuery(f) };
}
type IncidentQuery = ReturnType<typeof incidentQuery>;

/** One page of incidents the filters match, newest activity first. */
async function incidentPage(api: TypedApi, query: IncidentQuery, before: string | undefined, limit: number) {
  const page = await must(api.GET('/api/incidents', { params: { query: { ...query, before, limit } } }));
  return { items: page.incidents, nextBefore: page.nextBefore ?? null };
}

export function IncidentListPage() {
  const { t, tx, lang } = useI18n();
  const api = useTypedApi();
  const dir = useDirectory();
  const [f, setF] = useState<Filters>({ compoundId: '', status: 'open', severity: '', q: '', fromDay: '', toDay: '' });
  const set = (p: Partial<Filters>) => setF((prev) => ({ ...prev, ...p }));
  const query = incidentQuery(f);
  const list = useCursorList<Incident>(queryKeys.incidents.list(query), (before) => incidentPage(api, query, before, PAGE));
  // Incident and alert messages refetch the pages shown (api/live-invalidate.ts).
  useLiveInvalidation();
  /** Every incident the filters match (all pages, up to EXPORT_MAX), as the table the manager downloads. */
  const exportTable = async (): Promise<ExportTable> => {
    const rows: Incident[] = [];
    let before: string | undefined;
    do {
      const page = await incidentPage(api, query, before, 500);
      rows.push(...page.items);
      before = page.nextBefore ?? undefined;
    } while (before && rows.length < EXPORT_MAX);
    return {
      name: `${t('incidents.title')}-${chinaDate()}`,
      columns: [t('col.time'), t('col.compound'), t('col.title'), t('col.severity'), t('col.status'), t('col.alerts'), t('col.device'), t('incidents.closeReason'), t('col.workOrder')],
      rows: rows.map((i) => [chinaDateTime(i.openedAt), dir.compoundName(i.compoundId), i.title, tx('severity', i.severity), tx('incidentStatus', i.status), i.alertCount, i.deviceId ?? '', i.closeReason ?? '', i.workOrderId ?? '']),
    };
  };
  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('incidents.title')}</h1>
        <ExportButtons build={exportTable} testId="incident-export" />
      </div>
      <div className="toolbar filters">
        <label>
          {t('col.compound')}
          <select value={f.compoundId} onChange={(e) => set({ compoundId: e.target.value })} data-testid="incident-filter-compound">
            <option value="">{t('common.all')}</option>
            {dir.compounds.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          {t('incidents.status')}
          <select value={f.status} onChange={(e) => set({ status: e.target.value })} data-testid="incident-filter-status">
            <option value="open">{tx('incidentStatus', 'open')}</option>
            <option value="closed">{tx('incidentStatus', 'closed')}</option>
            <option value="">{t('common.all')}</option>
          </select>
        </label>
        <label>
          {t('list.severity')}
          <select value={f.severity} onChange={(e) => set({ severity: e.target.value })} data-testid="incident-filter-severity">
            <option value="">{t('common.all')}</option>
            {(['critical', 'high', 'medium', 'low'] as const).map((s) => <option key={s} value={s}>{tx('severity', s)}</option>)}
          </select>
        </label>
        <SearchBox onSearch={(q) => set({ q })} testId="incident-search" />
        <DayRangeInputs value={f} onChange={(r) => set(r)} testId="incident" />
      </div>
      <ErrorLine error={list.error} onRetry={list.reload} />
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {!list.loading && list.items.length === 0 && <p className="muted empty">{t('common.none')}</p>}
      <div className="table-wrap">
        <table data-testid="incident-table">
          <tbody>
            {list.items.map((i) => (
              <tr key={i.id} data-testid="incident-row" data-incident-id={i.id} className={`sev-${i.severity}`}>
                <td>
                  <span className={`sev-pill sev-${i.severity}`}>{tx('severity', i.severity)}</span>
                </td>
                <td>
                  <a href={href('incidents', i.id)}>{i.title}</a>
                  <br />
                  <span className="muted">
                    {dir.compoundName(i.compoundId)} · {t('incidents.alerts', { n: i.alertCount })}
                  </span>
                </td>
                <td>{formatTime(i.lastAt, lang)}</td>
                <td>{tx('incidentStatus', i.status)}</td>
                <td>{i.workOrderId && <a href={href('work-orders', i.workOrderId)}>{t('incidents.linkedWo')}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PageFooter paged={list} />
    </div>
  );
}
