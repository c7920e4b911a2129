/**
 * The page a visitor opens from the link a resident shared (`#/visit/<code>`): no account, one big
 * button that opens the gate while the pass is valid (the cloud checks the window and the uses).
 */
import { useState } from 'react';
import { must, useTypedApi } from '../../api/typed.js';
import { useErrorText } from '../../components/ui.js';
import { LangSwitch, useI18n } from '../../i18n/i18n.js';

export default function VisitorPage({ code }: { code: string }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function open() {
    setBusy(true);
    setResult(null);
    try {
      const r = await must(api.POST('/api/visitor-passes/{code}/open', { params: { path: { code } } }));
      setResult(r.status === 'ok' ? { ok: true, text: t('visitor.opened') } : { ok: false, text: r.outcome ?? t('gate.notOpened') });
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="visitor large-text" data-testid="visitor-page">
      <div className="login-head">
        <h1>{t('visitor.title')}</h1>
        <LangSwitch />
      </div>
      <p>{t('visitor.intro')}</p>
      <p className="muted">
        {t('resident.passCode')}: <strong>{code}</strong>
      </p>
      <button type="button" className="btn btn-primary gate-btn" disabled={busy} onClick={() => void open()} data-testid="visitor-open">
        {busy ? t('gate.opening') : t('visitor.open')}
      </button>
      {result && (
        <p className={`gate-result ${result.ok ? 'ok' : 'error'}`} data-testid="visitor-result" data-status={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </div>
  );
}
