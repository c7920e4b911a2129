/** Open a gate and show the result: latency when it opened, a plain reason when it did not. */
import { useState } from 'react';
import type { Gate } from '../api/types.js';
import { must, useTypedApi } from '../api/typed.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './ui.js';

type Result = { kind: 'ok'; latencyMs: number } | { kind: 'error'; message: string } | null;

/**
 * A gate known to be offline (it or its gateway) says so on the button before anyone taps; the
 * button still works, because the state may be a few seconds old and a tap gives the real answer.
 */
export function GateOpenButton({ gate, big }: { gate: Pick<Gate, 'id' | 'name'> & { online?: boolean | null }; big?: boolean }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const offline = gate.online === false;

  async function open() {
    setBusy(true);
    setResult(null);
    try {
      const r = await must(api.POST('/api/gates/{gateId}/open', { params: { path: { gateId: gate.id } }, body: {} }));
      setResult(r.status === 'ok' ? { kind: 'ok', latencyMs: r.latencyMs } : { kind: 'error', message: r.outcome ?? t('gate.notOpened') });
    } catch (e) {
      setResult({ kind: 'error', message: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="gate-open" data-online={gate.online === false ? 'false' : 'true'}>
      <button type="button" className={`btn ${offline ? 'btn-offline' : 'btn-primary'} ${big ? 'gate-btn' : ''}`} disabled={busy} onClick={() => void open()} data-testid={`gate-open-${gate.id}`}>
        {busy ? t('gate.opening') : `${t('compound.openGate')} · ${gate.name ?? gate.id}`}
      </button>
      {offline && !result && (
        <p className="gate-offline" data-testid="gate-offline" data-gate-id={gate.id}>
          {t('resident.gateOffline')}
        </p>
      )}
      {result && (
        <p
          className={`gate-result ${result.kind === 'ok' ? 'ok' : 'error'}`}
          data-testid="gate-result"
          data-gate-id={gate.id}
          data-status={result.kind}
          role={result.kind === 'error' ? 'alert' : 'status'}
        >
          {result.kind === 'ok' ? t('gate.opened', { ms: Math.round(result.latencyMs) }) : t('gate.failed', { message: result.message })}
        </p>
      )}
    </div>
  );
}
