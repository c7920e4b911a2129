/** Small shared pieces: error line, loading line, state badge, section card. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { hasKey, useI18n } from '../i18n/i18n.js';

/** A readable message for an error: a translated code when we know it, else the server's message. */
export function useErrorText(): (e: unknown) => string {
  const { t } = useI18n();
  return (e) => {
    if (e instanceof ApiError) {
      // Our own words for the codes we know (in the chosen language); the server's message otherwise.
      const key = `error.${e.code}`;
      if (hasKey(key)) return t(key, { message: e.message });
      return e.message || t('error.http', { status: e.status });
    }
    return e instanceof Error ? e.message : String(e);
  };
}

export function ErrorLine({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = useErrorText();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {t('common.error', { message: text(error) })}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t('common.loading')}</p>;
}

export function StateBadge({ state }: { state: string }) {
  const { tx } = useI18n();
  return <span className={`badge state-${state}`}>{tx('state', state)}</span>;
}

export function Card({ title, children, actions }: { title?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}
