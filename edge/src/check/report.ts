/**
 * The result of `yardguard-edge check`: one row per thing checked, with what was seen and, when
 * something is wrong, the fix in words. Printed as a table, or as JSON for scripts and the
 * remote-diagnostics command.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';
export type CheckArea = 'config' | 'device' | 'cloud' | 'system';

export interface CheckRow {
  area: CheckArea;
  /** What was checked: a device id, `site config`, `cloud`, `disk`... */
  item: string;
  /** Which aspect: `relay`, `door contact`, `snapshot`, `dns`, `clock`... */
  check: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

export interface CheckReport {
  /** False when any row failed: the command exits non-zero. */
  ok: boolean;
  gatewayId?: string;
  checkedAt: string;
  counts: Record<CheckStatus, number>;
  rows: CheckRow[];
}

export function makeReport(rows: CheckRow[], gatewayId: string | undefined, now: Date): CheckReport {
  const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of rows) counts[r.status]++;
  return { ok: counts.fail === 0, ...(gatewayId ? { gatewayId } : {}), checkedAt: now.toISOString(), counts, rows };
}

const MARK: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

/** A plain-text table (fits an 80-column terminal for the first columns; details wrap naturally). */
export function formatReport(r: CheckReport): string {
  const w = (k: 'area' | 'item' | 'check') => Math.min(24, Math.max(k.length, ...r.rows.map((x) => x[k].length)));
  const [wa, wi, wc] = [w('area'), w('item'), w('check')];
  const line = (s: string, a: string, i: string, c: string, d: string) => `${s.padEnd(5)} ${a.padEnd(wa)} ${i.padEnd(wi)} ${c.padEnd(wc)} ${d}`;
  const out = [line('', 'area', 'item', 'check', 'detail')];
  for (const x of r.rows) {
    out.push(line(MARK[x.status], x.area, x.item, x.check, x.detail));
    if (x.fix && (x.status === 'fail' || x.status === 'warn')) out.push(`${' '.repeat(6 + wa + 1 + wi + 1 + wc + 1)}fix: ${x.fix}`);
  }
  const c = r.counts;
  out.push('', `${r.ok ? 'PASSED' : 'FAILED'}: ${c.ok} ok, ${c.warn} warnings, ${c.fail} failed, ${c.skip} skipped`);
  return out.join('\n');
}
