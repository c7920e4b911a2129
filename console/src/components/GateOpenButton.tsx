/** Open a gate and show the result: latency when it opened, a plain reason when it did not. */
import type { Gate } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useRemoteAction } from './use-remote-action.js';

/**
 * A gate known to be offline (it or its gateway) says so on the button before anyone taps; the
 * button still works, because the state may be a few seconds old and a tap gives the real answer.
 */
export function GateOpenButton({ gate, big }: { gate: Pick<Gate, 'id' | 'name'> & { online?: boolean | null }; big?: boolean }) {
  const { t } = useI18n();
  const { busy, result, openGate } = useRemoteAction();
  const offline = gate.online === false;

  return (
    <div className="gate-open" data-online={gate.online === false ? 'false' : 'true'}>
      <button type="button" className={`btn ${offline ? 'btn-offline' : 'btn-primary'} ${big ? 'gate-btn' : ''}`} disabled={busy} onClick={() => void openGate(gate.id)} data-testid={`gate-open-${gate.id}`}>
        {busy ? t('gate.opening') : `${t('compound.openGate')} · ${gate.name ?? gate.id}`}
      </button>
      {offline && !result && (
        <p className="gate-offline" data-testid="gate-offline" data-gate-id={gate.id}>
          {t('resident.gateOffline')}
        </p>
      )}
      {result && (
        <p
          className={`gate-result ${result.ok ? 'ok' : 'error'}`}
          data-testid="gate-result"
          data-gate-id={gate.id}
          data-status={result.ok ? 'ok' : 'error'}
          role={result.ok ? 'status' : 'alert'}
        >
          {result.ok ? t('gate.opened', { ms: Math.round(result.latencyMs) }) : t('gate.failed', { message: result.reason })}
        </p>
      )}
    </div>
  );
}
