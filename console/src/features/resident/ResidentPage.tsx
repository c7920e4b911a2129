/**
 * The resident's phone page: open my gates (offline ones say so), visitor passes, repair requests with
 * up to 9 photos, their stage kept current by the live stream (use-my-requests.ts), a rating with a
 * comment; a large-text mode for the elderly.
 */
import { useState } from 'react';
import type { RateWorkOrderRequest, WorkOrder } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { GateOpenButton } from '../../components/GateOpenButton.js';
import { useCompounds, useGates } from '../../components/use-directory.js';
import { CareCheckIn } from './CareCheckIn.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { NewWorkOrder } from '../work-orders/NewWorkOrder.js';
import { VisitorPasses } from './VisitorPasses.js';
import { canAdvance } from '../work-orders/permissions.js';
import { useSession } from '../../api/session.js';
import { useBigText } from '../../components/use-big-text.js';
import { useWhileVisible } from '../../components/use-while-visible.js';
import { useMyRequests } from './use-my-requests.js';

/** Gates' online state is not on a resident's stream: fetched again when the page comes back, and every minute in front. */
const GATES_REFRESH_MS = 60_000;

export default function ResidentPage() {
  const { t } = useI18n();
  const gates = useGates();
  const compounds = useCompounds();
  const requests = useMyRequests();
  const cats = useCategories();
  const [bigText, setBigText] = useBigText();
  useWhileVisible(() => void gates.refetch(), GATES_REFRESH_MS);

  return (
    <div className="page resident" data-testid="resident-page">
      <div className="toolbar">
        <h1>{t('resident.title')}</h1>
        <button type="button" className={`btn ${bigText ? 'btn-primary' : ''}`} aria-pressed={bigText} onClick={() => setBigText(!bigText)} data-testid="big-text-toggle">
          {bigText ? t('resident.bigTextOn') : t('resident.bigText')}
        </button>
      </div>
      <CareCheckIn />
      <Card title={t('resident.myGates')}>
        <ErrorLine error={gates.error} onRetry={() => void gates.refetch()} />
        {gates.isPending && !gates.error ? <Loading /> : null}
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
          onCreated={(wo) => requests.update((list) => [wo, ...list.filter((x) => x.id !== wo.id)])}
        />
      </Card>
      <Card title={t('resident.myRequests')}>
        <ErrorLine error={requests.error} onRetry={requests.reload} />
        <ul className="timeline" data-testid="my-requests" data-live={requests.live}>
          {(requests.list ?? []).map((wo) => (
            <MyRequest key={wo.id} wo={wo} categoryName={cats.name} onRated={(u) => requests.update((l) => l.map((x) => (x.id === u.id ? u : x)))} />
          ))}
        </ul>
      </Card>
    </div>
  );
}

function MyRequest({ wo, categoryName, onRated }: { wo: WorkOrder; categoryName(id: string): string; onRated(wo: WorkOrder): void }) {
  const api = useTypedApi();
  const { session } = useSession();
  const path = { workOrderId: wo.id };
  const { t, tx, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const mayVerify = wo.stage === 'supervised' && !!session && canAdvance(wo);
  async function verify() {
    setError(null);
    try {
      onRated(await must(api.POST('/api/work-orders/{workOrderId}/transition', { params: { path }, body: { to: 'verified' } })));
    } catch (e) {
      setError(e);
    }
  }
  async function rate() {
    if (!stars) return;
    setError(null);
    try {
      const body: RateWorkOrderRequest = { rating: stars, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      onRated(await must(api.POST('/api/work-orders/{workOrderId}/rating', { params: { path }, body })));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <li data-testid="my-request" data-wo-id={wo.id} data-stage={wo.stage}>
      <strong>{wo.title}</strong> · {categoryName(wo.category)}
      <br />
      <span className="muted">
        <span data-testid="my-request-stage">{t('resident.stageNow', { stage: tx('woStage', wo.stage) })}</span> · {formatTime(wo.createdAt, lang)}
      </span>
      {mayVerify && (
        <button type="button" className="btn btn-primary" onClick={() => void verify()} data-testid="my-request-verify">
          {t('resident.verify')}
        </button>
      )}
      {wo.stage === 'verified' &&
        (wo.rating !== null ? (
          <p className="ok">
            {t('resident.rated', { n: wo.rating })}
            {wo.ratingComment && <span className="muted" data-testid="my-request-comment">：{wo.ratingComment}</span>}
          </p>
        ) : (
          <div className="rate-form">
            <div className="stars" role="radiogroup" aria-label={t('resident.rate')}>
              {[1, 2, 3, 4, 5].map((n) => (
                <button key={n} type="button" role="radio" aria-checked={stars === n} className={stars && n > stars ? 'off' : ''} onClick={() => setStars(n)} data-testid={`rate-${n}`} aria-label={`${n}`}>
                  ★
                </button>
              ))}
            </div>
            {stars > 0 && (
              <>
                <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} rows={2} placeholder={t('resident.ratingComment')} aria-label={t('resident.ratingComment')} data-testid="rate-comment" />
                <button type="button" className="btn btn-primary" onClick={() => void rate()} data-testid="rate-submit">
                  {t('resident.rateSubmit')}
                </button>
              </>
            )}
          </div>
        ))}
      <ErrorLine error={error} />
    </li>
  );
}
