/**
 * Remote diagnostics on the installer page: ask a gateway for its `check` report, its `status`
 * and its recent log lines (signed gateway.diagnostics command), so most problems are solved
 * without a visit. Failed and warned checks come first, each with its fix.
 */
import { useMutation } from '@tanstack/react-query';
import type { GatewayDiagnosticsResponse } from '@yardguard/firmware-config';
import { must, useTypedApi } from '../../api/typed.js';
import { ApiError } from '../../api/client.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

type Row = NonNullable<GatewayDiagnosticsResponse['check']>['rows'][number];
const ORDER: Record<Row['status'], number> = { fail: 0, warn: 1, skip: 2, ok: 3 };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The status line from `yardguard-edge status --json`. Read field by field, not cast: the gateway
 * may run an older or newer agent than this console, and a missing field shows as '-' or 0.
 */
export function statusSummary(status: Record<string, unknown>): { link: string; depth: number; dead: number; online: number; total: number } {
  const outbox = obj(status.outbox);
  const devices = Array.isArray(status.devices) ? status.devices.map(obj) : [];
  return {
    link: typeof status.cloudLink === 'string' ? status.cloudLink : '-',
    depth: num(outbox.depth),
    dead: num(outbox.deadLetters),
    online: devices.filter((d) => d.online === true).length,
    total: devices.length,
  };
}

export function GatewayDiagnostics({ gatewayId }: { gatewayId: string }) {
  const { t, lang } = useI18n();
  const api = useTypedApi();
  const diagnose = useMutation({ mutationFn: () => must(api.POST('/api/gateways/{gatewayId}/diagnostics', { params: { path: { gatewayId } }, body: { logLines: 200 } })) });
  const busy = diagnose.isPending;
  const report = busy ? undefined : diagnose.data;
  const error = diagnose.error;
  const run = () => diagnose.mutate();
  const status = report ? statusSummary(report.status) : undefined;
  const rows = [...(report?.check?.rows ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <div className="diagnostics" data-testid="diagnostics">
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void run()} data-testid="diagnostics-run">
        {t('diagnostics.run')}
      </button>
      {busy && (
        <span className="muted" data-testid="diagnostics-progress">
          {' '}
          {t('diagnostics.running')}
        </span>
      )}
      {error instanceof ApiError && error.code === 'GATEWAY_OFFLINE' ? (
        <p className="error" role="alert">
          {t('diagnostics.offline')}
        </p>
      ) : (
        <ErrorLine error={error} />
      )}
      {report && (
        <div data-testid="diagnostics-report">
          <p className={report.check?.ok === false ? 'breach-tag' : 'ok'} data-testid="diagnostics-summary">
            {report.check
              ? report.check.ok
                ? t('diagnostics.passed', report.check.counts)
                : t('diagnostics.failed', report.check.counts)
              : t('diagnostics.noCheck')}
          </p>
          <p className="muted">
            {t('diagnostics.agent', { version: report.agentVersion, at: formatTime(report.collectedAt, lang) })}
            {status && (
              <>
                <br />
                {t('diagnostics.status', status)}
              </>
            )}
          </p>
          {rows.length > 0 && (
            <ul className="timeline">
              {rows.map((r, i) => (
                <li key={`${r.item}-${r.check}-${i}`} data-testid="diagnostics-row" data-status={r.status}>
                  <strong>{t(`diagnostics.mark.${r.status}`)}</strong> {r.item} · {r.check}: {r.detail}
                  {r.fix && (r.status === 'fail' || r.status === 'warn') && (
                    <div>
                      {t('diagnostics.fix')}: {r.fix}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>{t('diagnostics.logs', { n: report.logs.lines.length })}{report.logs.truncated ? ` ${t('diagnostics.logsTruncated')}` : ''}</summary>
            <pre className="log-lines" data-testid="diagnostics-logs">{report.logs.lines.join('\n')}</pre>
          </details>
        </div>
      )}
    </div>
  );
}
