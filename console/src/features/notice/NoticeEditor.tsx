/**
 * The manager's side of the notice board: the public address and its QR code, the content as
 * simple lines (one item per line, fields split by |), publish a new version, and the history.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NoticeContent } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { QrCode } from '../../components/QrCode.js';

type Lines = Record<'services' | 'fees' | 'phones' | 'income' | 'spending' | 'safety' | 'rules' | 'month', string>;

const split = (text: string) => text.split('\n').map((l) => l.split('|').map((x) => x.trim())).filter((f) => f[0]);
const join = (rows: string[][]) => rows.map((r) => r.join(' | ')).join('\n');

function toLines(c: NoticeContent): Lines {
  return {
    services: join(c.services.map((s) => [s.name, s.detail])), fees: join(c.fees.map((f) => [f.item, f.standard])),
    phones: join(c.phones.map((p) => [p.label, p.phone])), month: c.finance?.month ?? '',
    income: join((c.finance?.income ?? []).map((x) => [x.item, String(x.amount)])), spending: join((c.finance?.spending ?? []).map((x) => [x.item, String(x.amount)])),
    safety: join(c.safetyNotices.map((s) => [s.date, s.title, s.body])), rules: c.rules,
  };
}

function fromLines(l: Lines): NoticeContent {
  const money = (rows: string[][]) => rows.map(([item, amount]) => ({ item: item!, amount: Number(amount ?? 0) }));
  return {
    services: split(l.services).map(([name, detail]) => ({ name: name!, detail: detail ?? '' })),
    fees: split(l.fees).map(([item, standard]) => ({ item: item!, standard: standard ?? '' })),
    phones: split(l.phones).map(([label, phone]) => ({ label: label!, phone: phone ?? '' })),
    finance: l.month ? { month: l.month, income: money(split(l.income)), spending: money(split(l.spending)) } : null,
    safetyNotices: split(l.safety).map(([date, title, body]) => ({ date: date!, title: title ?? '', body: body ?? '' })),
    rules: l.rules,
  };
}

export default function NoticeEditor() {
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t, lang } = useI18n();
  const dir = useDirectory();
  const [compoundId, setCompoundId] = useCompoundChoice(dir);
  const params = { path: { compoundId } };
  const key = queryKeys.notice(compoundId);
  const board = useQuery({ queryKey: key, enabled: !!compoundId, queryFn: () => must(api.GET('/api/compounds/{compoundId}/notice', { params })) });
  // Under the board's key: a publish or a new address invalidates both.
  const hist = useQuery({ queryKey: [...key, 'history'], enabled: !!compoundId, queryFn: () => must(api.GET('/api/compounds/{compoundId}/notice/history', { params })) });
  const [lines, setLines] = useState<Lines | null>(null);
  useEffect(() => setLines(board.data ? toLines(board.data.content) : null), [board.data]);
  const changed = () => void cache.invalidateQueries({ queryKey: key });
  const rotate = useMutation({ mutationFn: () => must(api.POST('/api/compounds/{compoundId}/notice/rotate', { params })), onSuccess: changed });
  const publish = useMutation({ mutationFn: (content: NoticeContent) => must(api.PUT('/api/compounds/{compoundId}/notice', { params, body: content })), onSuccess: changed });
  const busy = rotate.isPending || publish.isPending;

  const b = board.data;
  const url = b ? new URL(b.path, window.location.origin).toString() : '';
  const field = (k: keyof Lines, label: string, rows = 4) => (
    <label className="stack">
      {label}
      {k === 'month' ? (
        <input value={lines?.[k] ?? ''} onChange={(e) => setLines({ ...lines!, [k]: e.target.value })} placeholder="2026-11" data-testid={`notice-edit-${k}`} />
      ) : (
        <textarea rows={rows} value={lines?.[k] ?? ''} onChange={(e) => setLines({ ...lines!, [k]: e.target.value })} data-testid={`notice-edit-${k}`} />
      )}
    </label>
  );
  return (
    <div className="page" data-testid="notice-editor">
      <h1>{t('noticeEdit.title')}</h1>
      <CompoundSelect dir={dir} value={compoundId} onChange={setCompoundId} testId="notice-compound" />
      {(board.isPending && !board.error) || !compoundId ? <Loading /> : !b ? <ErrorLine error={board.error} onRetry={() => void board.refetch()} /> : (
        <div className="detail-grid">
          <Card title={t('noticeEdit.qr')}>
            <QrCode text={url} size={220} label={url} testId="notice-qr" border={4} ecc="M" />
            <p>{t('noticeEdit.link')}：<a href={b.path} target="_blank" rel="noreferrer" data-testid="notice-link">{url}</a></p>
            <button type="button" className="btn" disabled={busy} onClick={() => rotate.mutate()} data-testid="notice-rotate">{t('noticeEdit.rotate')}</button>
            <ErrorLine error={rotate.error} />
          </Card>
          <Card>
            {lines && (
              <>
                {field('services', t('noticeEdit.services'))}
                {field('fees', t('noticeEdit.fees'))}
                {field('phones', t('noticeEdit.phones'), 2)}
                {field('month', t('noticeEdit.financeMonth'))}
                {field('income', t('noticeEdit.income'))}
                {field('spending', t('noticeEdit.spending'))}
                {field('safety', t('noticeEdit.safety'))}
                {field('rules', t('noticeEdit.rules'), 3)}
                <button type="button" className="btn btn-primary" data-testid="notice-publish" disabled={busy} onClick={() => publish.mutate(fromLines(lines))}>{t('noticeEdit.publish')}</button>
                <ErrorLine error={publish.error} />
              </>
            )}
          </Card>
          <Card title={t('noticeEdit.history')}>
            <ol className="timeline" data-testid="notice-history">
              {(hist.data?.versions ?? []).map((v) => (
                <li key={v.id}>{t('noticeEdit.version', { version: v.version, time: formatTime(v.publishedAt, lang), who: v.publishedByName ?? v.publishedBy })}</li>
              ))}
            </ol>
          </Card>
        </div>
      )}
    </div>
  );
}
