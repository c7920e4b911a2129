/** The five-stage board (点单 派单 接单 督单 验单): a column per stage, one tap moves a card on. */
import { useState } from 'react';
import { nextStage, workOrderStages, type User, type WorkOrder, type WorkOrderStage } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href } from '../../router.js';

export interface BoardProps {
  orders: readonly WorkOrder[];
  now: number;
  /** People a work order can be dispatched to (empty when the caller may not list users). */
  assignees: readonly User[];
  compoundName(id: string): string;
  categoryName(id: string): string;
  userName(id: string | null): string;
  onAdvance(wo: WorkOrder, to: Exclude<WorkOrderStage, 'requested'>, assigneeId?: string): void;
  /** Whether the signed-in user may move this order on (others see no button). */
  canAdvance(wo: WorkOrder): boolean;
  busy?: ReadonlySet<string>;
}

export function groupByStage(orders: readonly WorkOrder[]): Record<WorkOrderStage, WorkOrder[]> {
  const out = Object.fromEntries(workOrderStages.map((s) => [s, [] as WorkOrder[]])) as Record<WorkOrderStage, WorkOrder[]>;
  for (const wo of orders) out[wo.stage].push(wo);
  for (const s of workOrderStages) out[s].sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1));
  return out;
}

export function isBreached(wo: WorkOrder, now: number): boolean {
  return wo.slaBreached || (wo.stage !== 'verified' && Date.parse(wo.dueAt) < now);
}

function Card({ wo, now, assignees, compoundName, categoryName, userName, onAdvance, canAdvance, busy }: Omit<BoardProps, 'orders' | 'busy'> & { wo: WorkOrder; busy: boolean }) {
  const { t, tx, lang } = useI18n();
  const [assignee, setAssignee] = useState(wo.assigneeId ?? '');
  const to = canAdvance(wo) ? nextStage(wo.stage) : null;
  const breached = isBreached(wo, now);
  const needsAssignee = to === 'dispatched';
  return (
    <article className={`wo-card ${breached ? 'breach' : ''}`} data-testid="wo-card" data-wo-id={wo.id} data-stage={wo.stage} data-breached={breached}>
      <a href={href('work-orders', wo.id)}>
        <strong>{wo.title}</strong>
      </a>
      <span className="muted">
        {compoundName(wo.compoundId)} · {categoryName(wo.category)}
      </span>
      <span className="muted">
        {t('wo.due')}: {formatTime(wo.dueAt, lang)} {breached && <span className="breach-tag" data-testid="wo-breach">{t('wo.overdue')}</span>}
      </span>
      {wo.assigneeId && (
        <span className="muted">
          {t('wo.assignee')}: {userName(wo.assigneeId)}
        </span>
      )}
      {needsAssignee && assignees.length > 0 && (
        <select value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="wo-assignee" aria-label={t('wo.assignee')}>
          <option value="">{t('wo.pickAssignee')}</option>
          {assignees.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName || u.username}
            </option>
          ))}
        </select>
      )}
      {to && (
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid="wo-advance"
          disabled={busy || (needsAssignee && assignees.length > 0 && !assignee)}
          onClick={() => onAdvance(wo, to, needsAssignee ? assignee || undefined : undefined)}
        >
          {t('wo.advance', { stage: tx('woStage', to) })}
        </button>
      )}
      {wo.stage === 'verified' && wo.rating !== null && <span className="muted">{'★'.repeat(wo.rating)}</span>}
    </article>
  );
}

export function WorkOrderBoard(props: BoardProps) {
  const { tx } = useI18n();
  const groups = groupByStage(props.orders);
  return (
    <div className="board" data-testid="wo-board">
      {workOrderStages.map((stage) => (
        <section key={stage} className="column" data-testid={`wo-column-${stage}`}>
          <h2>
            {tx('woStage', stage)} <span className="muted">{groups[stage].length}</span>
          </h2>
          {groups[stage].map((wo) => (
            <Card
              key={wo.id}
              wo={wo}
              now={props.now}
              assignees={props.assignees}
              compoundName={props.compoundName}
              categoryName={props.categoryName}
              userName={props.userName}
              onAdvance={props.onAdvance}
              canAdvance={props.canAdvance}
              busy={props.busy?.has(wo.id) ?? false}
            />
          ))}
        </section>
      ))}
    </div>
  );
}
