/** Issue a visitor pass for one of my gates and list the passes I issued. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateVisitorPassRequest, Gate } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { CopyButton, QrCode } from '../../components/QrCode.js';

/** The link a resident shares (WeChat): opens the visitor page of this console, no account needed. */
export function visitorLink(code: string, loc: Location = window.location): string {
  return `${loc.origin}${loc.pathname}#/visit/${encodeURIComponent(code)}`;
}

export function VisitorPasses({ gates }: { gates: readonly Gate[] }) {
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t, lang } = useI18n();
  const passes = useQuery({ queryKey: queryKeys.visitorPasses, queryFn: async () => (await must(api.GET('/api/visitor-passes'))).passes });
  const [gateId, setGateId] = useState('');
  const [name, setName] = useState('');
  const [hours, setHours] = useState(4);
  const gate = gateId || gates[0]?.id || '';
  const changed = () => void cache.invalidateQueries({ queryKey: queryKeys.visitorPasses });
  const issue = useMutation({
    mutationFn: (body: CreateVisitorPassRequest) => must(api.POST('/api/visitor-passes', { body })),
    onSuccess: () => {
      setName('');
      changed();
    },
  });
  const revoke = useMutation({ mutationFn: (passId: string) => must(api.DELETE('/api/visitor-passes/{passId}', { params: { path: { passId } } })), onSuccess: changed });
  const issued = issue.data ?? null;

  function submit(e: FormEvent) {
    e.preventDefault();
    revoke.reset();
    issue.mutate({
      gateId: gate,
      visitorName: name.trim() || undefined,
      validUntil: new Date(Date.now() + hours * 3_600_000).toISOString(),
      // In and out once.
      maxUses: 2,
    });
  }

  const gateName = (id: string) => gates.find((g) => g.id === id)?.name ?? id;
  return (
    <>
      <form className="form" onSubmit={submit} data-testid="pass-form">
        {gates.length > 1 && (
          <select value={gate} onChange={(e) => setGateId(e.target.value)} aria-label={t('compound.gates')}>
            {gates.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name ?? g.id}
              </option>
            ))}
          </select>
        )}
        <label>
          {t('resident.visitorName')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} data-testid="pass-name" />
        </label>
        <label>
          {t('resident.validHours')}
          <input type="number" min={1} max={72} value={hours} onChange={(e) => setHours(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <ErrorLine error={issue.error ?? revoke.error} />
        <button type="submit" className="btn btn-primary" disabled={!gate} data-testid="pass-submit">
          {t('resident.issuePass')}
        </button>
      </form>
      {issued && (
        <div className="pass-share">
          <p className="ok" data-testid="pass-code">
            {t('resident.passCode')}: <strong>{issued.code}</strong>
          </p>
          <QrCode text={visitorLink(issued.code)} label={t('resident.passLink')} testId="pass-qr" />
          <p className="muted">{t('resident.passShare')}</p>
          <p>
            <a href={visitorLink(issued.code)} data-testid="pass-link">
              {visitorLink(issued.code)}
            </a>{' '}
            <CopyButton text={visitorLink(issued.code)} testId="pass-copy" />
          </p>
        </div>
      )}
      <ul className="timeline">
        {(passes.data ?? []).map((p) => (
          <li key={p.id}>
            <strong>{p.code}</strong> · {p.visitorName ?? '—'} · {gateName(p.gateId)} · {formatTime(p.validUntil, lang)} · {p.uses}/{p.maxUses}
            {p.revoked ? ` · ${t('resident.revoked')}` : (
              <button type="button" className="btn btn-small" disabled={revoke.isPending} onClick={() => revoke.mutate(p.id)} data-testid="pass-revoke">
                {t('resident.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
