/** Filter inputs shared by the long lists: a search box that waits for the typing to pause, and a range of China days. */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { chinaDayEnd, chinaDayStart } from '../format.js';

/** Calls onSearch with the trimmed words 400 ms after the last key (or at once on Enter). */
export function SearchBox({ onSearch, testId }: { onSearch(words: string): void; testId: string }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const latest = useRef(onSearch);
  latest.current = onSearch;
  useEffect(() => {
    const id = setTimeout(() => latest.current(text.trim()), 400);
    return () => clearTimeout(id);
  }, [text]);
  return (
    <input type="search" value={text} placeholder={t('list.searchPlaceholder')} aria-label={t('list.search')} data-testid={testId}
      onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onSearch(text.trim())} />
  );
}

export interface DayRange {
  fromDay: string;
  toDay: string;
}

/** The query bounds of a day range: from the start of the first China day to the end of the last. */
export function rangeQuery(r: DayRange): { from?: string; to?: string } {
  return { ...(r.fromDay ? { from: chinaDayStart(r.fromDay) } : {}), ...(r.toDay ? { to: chinaDayEnd(r.toDay) } : {}) };
}

export function DayRangeInputs({ value, onChange, testId }: { value: DayRange; onChange(r: DayRange): void; testId: string }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('list.from')}
        <input type="date" value={value.fromDay} onChange={(e) => onChange({ ...value, fromDay: e.target.value })} data-testid={`${testId}-from`} />
      </label>
      <label>
        {t('list.to')}
        <input type="date" value={value.toDay} onChange={(e) => onChange({ ...value, toDay: e.target.value })} data-testid={`${testId}-to`} />
      </label>
    </>
  );
}

/** "N shown" and a button for the next page while the cloud has more. */
export function PageFooter({ paged }: { paged: { items: unknown[]; hasMore: boolean; loading: boolean; more(): void } }) {
  const { t } = useI18n();
  return (
    <p className="page-footer">
      <span className="muted" data-testid="list-shown">{t('list.shown', { n: paged.items.length })}</span>{' '}
      {paged.hasMore ? (
        <button type="button" className="btn btn-small" disabled={paged.loading} onClick={paged.more} data-testid="list-more">{t('list.more')}</button>
      ) : (
        paged.items.length > 0 && <span className="muted">{t('list.end')}</span>
      )}
    </p>
  );
}
