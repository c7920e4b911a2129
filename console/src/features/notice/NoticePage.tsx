/**
 * The public notice board (公示栏) at /notice/<token>: no account, phone-first, large text for
 * older residents. Everything shown comes from GET /api/public/notices/:token, which carries no
 * personal data about residents.
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { must, useTypedApi } from '../../api/typed.js';
import type { PublicNotice } from '../../api/types.js';
import { LangSwitch, useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

const yuan = (n: number) => `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export default function NoticePage({ token }: { token: string }) {
  const { t, tx, lang } = useI18n();
  const api = useTypedApi();
  const [notice, setNotice] = useState<PublicNotice | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    must(api.GET('/api/public/notices/{token}', { params: { path: { token } } })).then(
      (n) => live && setNotice(n),
      (e: unknown) => live && setFailed(t(e instanceof ApiError && e.status === 404 ? 'notice.notFound' : 'notice.failed')),
    );
    return () => {
      live = false;
    };
  }, [api, token, t]);

  if (failed) return <main className="notice" data-testid="notice-error"><p className="notice-big">{failed}</p></main>;
  if (!notice) return <main className="notice"><p className="notice-big">{t('common.loading')}</p></main>;
  const c = notice.content;
  const rate = notice.workOrders.onTimeRate;
  return (
    <main className="notice" data-testid="notice-page">
      <header className="notice-head">
        <h1 data-testid="notice-compound">{notice.compound.name} · {t('notice.title')}</h1>
        <LangSwitch />
        <p className="muted">
          {[notice.compound.company, notice.compound.community, notice.compound.address].filter(Boolean).join(' · ')}
        </p>
        {notice.publishedAt && <p className="muted">{t('notice.published', { time: formatTime(notice.publishedAt, lang), version: notice.version })}</p>}
      </header>

      <section data-testid="notice-duty">
        <h2>{t('notice.onDuty')}</h2>
        {notice.onDuty.length === 0 ? <p>{t('notice.nobodyOnDuty')}</p> : (
          <ul className="notice-list">
            {notice.onDuty.map((d, i) => (
              <li key={i}>
                {d.post} · {d.name} {d.phone && <a className="notice-phone" href={`tel:${d.phone}`}>{d.phone}</a>}
              </li>
            ))}
          </ul>
        )}
        {c.phones.map((p, i) => (
          <p key={i}>{p.label}：<a className="notice-phone" href={`tel:${p.phone}`}>{p.phone}</a></p>
        ))}
      </section>

      {c.safetyNotices.length > 0 && (
        <section data-testid="notice-safety">
          <h2>{t('notice.safety')}</h2>
          {c.safetyNotices.map((s, i) => (
            <article key={i}>
              <h3>{s.title} <span className="muted">{s.date}</span></h3>
              {s.body && <p>{s.body}</p>}
            </article>
          ))}
        </section>
      )}

      <section data-testid="notice-services">
        <h2>{t('notice.services')}</h2>
        <ul className="notice-list">{c.services.map((s, i) => <li key={i}><b>{s.name}</b> {s.detail}</li>)}</ul>
        <h2>{t('notice.fees')}</h2>
        <ul className="notice-list">{c.fees.map((f, i) => <li key={i}>{f.item}：{f.standard}</li>)}</ul>
      </section>

      {c.finance && notice.financeTotals && (
        <section data-testid="notice-finance">
          <h2>{t('notice.finance', { month: c.finance.month })}</h2>
          <table className="notice-table">
            <tbody>
              {c.finance.income.map((x, i) => <tr key={`i${i}`}><td>{t('notice.income')}</td><td>{x.item}</td><td>{yuan(x.amount)}</td></tr>)}
              {c.finance.spending.map((x, i) => <tr key={`s${i}`}><td>{t('notice.spending')}</td><td>{x.item}</td><td>{yuan(x.amount)}</td></tr>)}
            </tbody>
          </table>
          <p className="notice-big" data-testid="notice-balance">
            {t('notice.totals', { income: yuan(notice.financeTotals.income), spending: yuan(notice.financeTotals.spending), balance: yuan(notice.financeTotals.balance) })}
          </p>
        </section>
      )}

      <section data-testid="notice-work-orders">
        <h2>{t('notice.workOrders')}</h2>
        <p className="notice-big">
          {t('notice.woSummary', { open: notice.workOrders.open, closed: notice.workOrders.closedThisMonth, rate: rate === null ? '—' : `${Math.round(rate * 1000) / 10}%` })}
        </p>
        <ul className="notice-list">
          {notice.workOrders.latest.map((w, i) => (
            <li key={i} data-testid="notice-wo">
              {w.createdOn} · {w.category} · {tx('woStage', w.stage)}{w.closedOn ? ` · ${t('notice.closedOn', { date: w.closedOn })}` : ''}
            </li>
          ))}
        </ul>
      </section>

      {c.rules && (
        <section>
          <h2>{t('notice.rules')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{c.rules}</p>
        </section>
      )}
    </main>
  );
}
