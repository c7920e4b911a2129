/** The resident's phone page: open my gates, visitor passes, repair requests with a photo, follow and rate them. */
import { useState } from 'react';
import type { CompoundList, GateList, WorkOrder, WorkOrderList } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { GateOpenButton } from '../../components/GateOpenButton.js';
import { useFetch } from '../../components/use-fetch.js';
import { CareCheckIn } from './CareCheckIn.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { NewWorkOrder } from '../work-orders/NewWorkOrder.js';
import { VisitorPasses } from './VisitorPasses.js';
import { canAdvance } from '../work-orders/permissions.js';
import { useSession } from '../../api/session.js';

export default function ResidentPage() {
  const { t } = useI18n();
  const gates = useFetch(async (a) => (await a.get<GateList>('/api/gates')).gates, []);
  const compounds = useFetch(async (a) => (await a.get<CompoundList>('/api/compounds')).compounds, []);
  const requests = useFetch(async (a) => (await a.get<WorkOrderList>('/api/work-orders', { limit: 50 })).workOrders, []);
  const cats = useCategories();

  return (
    <div className="page resident" data-testid="resident-page">
      <h1>{t('resident.title')}</h1>
      <CareCheckIn />
      <Card title={t('resident.myGates')}>
        <ErrorLine error={gates.error} onRetry={gates.reload} />
        {gates.loading && !gates.data ? <Loading /> : null}
        {gates.data?.length === 0 && <p className="muted">{t('resident.noGates')}</p>}
        <div className="form">
          {gates.data?.map((g) => (
            <GateOpenButton key={g.id} gate={g} big />
          ))}
        </div>
      </Card>
      <Card title={t('resident.visitorPasses')}>
        <VisitorPasses gates={gates.data ?? []} />
      </Card>
      <Card title={t('resident.repair')}>
        <NewWorkOrder
          compounds={compounds.data ?? []}
          categories={cats.list}
          withPhoto
          onCreated={(wo) => requests.setData((list) => [wo, ...(list ?? [])])}
        />
      </Card>
      <Card title={t('resident.myRequests')}>
        <ErrorLine error={requests.error} onRetry={requests.reload} />
        <ul className="timeline" data-testid="my-requests">
          {(requests.data ?? []).map((wo) => (
            <MyRequest key={wo.id} wo={wo} categoryName={cats.name} onRated={(u) => requests.setData((l) => l?.map((x) => (x.id === u.id ? u : x)))} />
          ))}
        </ul>
      </Card>
    </div>
  );
}

function MyRequest({ wo, categoryName, onRated }: { wo: WorkOrder; categoryName(id: string): string; onRated(wo: WorkOrder): void }) {
  const api = useApi();
  const { session } = useSession();
  const { t, tx, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const mayVerify = wo.stage === 'supervised' && !!session && canAdvance(wo);
  async function verify() {
    setError(null);
    try {
      onRated(await api.post<WorkOrder>(`/api/work-orders/${encodeURIComponent(wo.id)}/transition`, { to: 'verified' }));
    } catch (e) {
      setError(e);
    }
  }
  async function rate(rating: number) {
    setError(null);
    try {
      onRated(await api.post<WorkOrder>(`/api/work-orders/${encodeURIComponent(wo.id)}/rating`, { rating }));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <li data-testid="my-request" data-wo-id={wo.id} data-stage={wo.stage}>
      <strong>{wo.title}</strong> · {categoryName(wo.category)}
      <br />
      <span className="muted">
        {tx('woStage', wo.stage)} · {formatTime(wo.createdAt, lang)}
      </span>
      {mayVerify && (
        <button type="button" className="btn btn-primary" onClick={() => void verify()} data-testid="my-request-verify">
          {t('resident.verify')}
        </button>
      )}
      {wo.stage === 'verified' &&
        (wo.rating !== null ? (
          <p className="ok">{t('resident.rated', { n: wo.rating })}</p>
        ) : (
          <div className="stars" aria-label={t('resident.rate')}>
            {[1, 2, 3, 4, 5].map((n) => (
              <button key={n} type="button" onClick={() => void rate(n)} data-testid={`rate-${n}`} aria-label={`${n}`}>
                ★
              </button>
            ))}
          </div>
        ))}
      <ErrorLine error={error} />
    </li>
  );
}
