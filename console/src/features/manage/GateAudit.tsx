/** Who opened which gate when: the gate-open audit, filtered by compound, gate, user, result and China-time days, paged. */
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { GateOpenAudit } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { useDirectory, useGates } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { DayRangeInputs, PageFooter, rangeQuery, type DayRange } from '../../components/ListFilters.js';

const results = ['ok', 'error', 'timeout', 'offline'] as const;

export default function GateAudit() {
  const { t, tx, lang } = useI18n();
  const dir = useDirectory();
  const [compoundId, setCompound] = useState('');
  const [gateId, setGate] = useState('');
  const [userId, setUser] = useState('');
  const [result, setResult] = useState<(typeof results)[number] | ''>('');
  const [days, setDays] = useState<DayRange>({ fromDay: '', toDay: '' });
  const api = useTypedApi();
  const gates = useGates(compoundId);
  const query = {
    compoundId: compoundId || undefined, gateId: gateId || undefined, userId: userId || undefined, result: result || undefined,
    ...rangeQuery(days), limit: 50,
  };
  // Cursor pages, newest first: `before` from the last page; new filters start a new list.
  const pages = useInfiniteQuery({
    queryKey: queryKeys.gateOpens(query),
    queryFn: ({ pageParam }) => must(api.GET('/api/gate-opens', { params: { query: { ...query, before: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const list = {
    items: pages.data?.pages.flatMap((p) => p.opens) ?? [],
    hasMore: pages.hasNextPage,
    loading: pages.isFetching,
    error: pages.error,
    more: () => void pages.fetchNextPage(),
    reload: () => void pages.refetch(),
  };
  const gateName = (id: string) => gates.data?.find((g) => g.id === id)?.name ?? id;
  const who = (o: GateOpenAudit) => (o.visitorPassId ? t('audit.visitor') : o.userId ? dir.userName(o.userId) : (o.username ?? '—'));
  return (
    <div className="manage-audit">
      <div className="toolbar filters">
        <label>
          {t('audit.compound')}
          <select value={compoundId} onChange={(e) => { setCompound(e.target.value); setGate(''); }} data-testid="audit-filter-compound">
            <option value="">{t('common.all')}</option>
            {dir.compounds.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          {t('audit.gate')}
          <select value={gateId} onChange={(e) => setGate(e.target.value)} data-testid="audit-filter-gate">
            <option value="">{t('common.all')}</option>
            {(gates.data ?? []).map((g) => <option key={g.id} value={g.id}>{g.name ?? g.id}</option>)}
          </select>
        </label>
        <label>
          {t('audit.user')}
          <select value={userId} onChange={(e) => setUser(e.target.value)} data-testid="audit-filter-user">
            <option value="">{t('common.all')}</option>
            {dir.users.map((u) => <option key={u.id} value={u.id}>{u.displayName || u.username}</option>)}
          </select>
        </label>
        <label>
          {t('audit.result')}
          <select value={result} onChange={(e) => setResult(e.target.value as typeof result)} data-testid="audit-filter-result">
            <option value="">{t('common.all')}</option>
            {results.map((r) => <option key={r} value={r}>{tx('audit.result', r)}</option>)}
          </select>
        </label>
        <DayRangeInputs value={days} onChange={setDays} testId="audit" />
      </div>
      <ErrorLine error={list.error} onRetry={list.reload} />
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {!list.loading && list.items.length === 0 && !list.error && <p className="muted empty">{t('audit.none')}</p>}
      <div className="table-wrap">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.time')}</th>
              <th>{t('audit.compound')}</th>
              <th>{t('audit.gate')}</th>
              <th>{t('audit.user')}</th>
              <th>{t('audit.result')}</th>
              <th>{t('audit.latency')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((o) => (
              <tr key={o.id} data-testid="audit-row" data-result={o.result} data-gate-id={o.gateId}>
                <td>{formatTime(o.requestedAt, lang)}</td>
                <td>{dir.compoundName(o.compoundId)}</td>
                <td>{gateName(o.gateId)}</td>
                <td>{who(o)}</td>
                <td className={o.result === 'ok' ? '' : 'error'}>{tx('audit.result', o.result)}{o.errorCode ? ` (${o.errorCode})` : ''}</td>
                <td>{o.latencyMs === null ? '—' : `${Math.round(o.latencyMs)} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PageFooter paged={list} />
    </div>
  );
}
