/** Incidents: the list, or one incident's detail. */
import { lazy, useState } from 'react';
import type { IncidentList } from '../../api/types.js';
import { useLiveMessages } from '../../api/use-live.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href, useRoute } from '../../router.js';

const IncidentDetail = lazy(() => import('./IncidentDetail.js'));

export default function Incidents() {
  const route = useRoute();
  const id = route.path[0] === 'incidents' ? route.path[1] : undefined;
  return id ? <IncidentDetail id={id} /> : <IncidentListPage />;
}

function IncidentListPage() {
  const { t, tx, lang } = useI18n();
  const dir = useDirectory();
  const [status, setStatus] = useState('open');
  const list = useFetch(async (a) => (await a.get<IncidentList>('/api/incidents', { status: status || undefined, limit: 200 })).incidents, [status]);
  useLiveMessages((m) => {
    if (m.type === 'incident.update' || m.type === 'alert.new') list.reload();
  });
  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('incidents.title')}</h1>
        <label>
          {t('incidents.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="incident-filter-status">
            <option value="open">{tx('incidentStatus', 'open')}</option>
            <option value="closed">{tx('incidentStatus', 'closed')}</option>
            <option value="">{t('common.all')}</option>
          </select>
        </label>
      </div>
      <ErrorLine error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 && <p className="muted empty">{t('common.none')}</p>}
      <div className="table-wrap">
        <table>
          <tbody>
            {(list.data ?? []).map((i) => (
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
    </div>
  );
}
