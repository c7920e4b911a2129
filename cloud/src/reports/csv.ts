/** The monthly report as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese names). */
import type { MonthlyReportRow } from '@yardguard/firmware-config';

const columns: [string, (r: MonthlyReportRow) => string | number | null][] = [
  ['范围 scope', (r) => r.scope], ['编号 id', (r) => r.id], ['名称 name', (r) => r.name], ['月份 month', (r) => r.month],
  ['工单 cases', (r) => r.cases], ['日均 per day', (r) => r.casesPerDay], ['办结 closed', (r) => r.closed], ['按时办结 on time', (r) => r.closedOnTime],
  ['按时率 on-time rate', (r) => r.onTimeRate],
  ['派单按时率 dispatch', (r) => r.steps.dispatch.rate], ['接单按时率 accept', (r) => r.steps.accept.rate],
  ['督单按时率 supervise', (r) => r.steps.supervise.rate], ['验单按时率 verify', (r) => r.steps.verify.rate],
  ['回访 callbacks', (r) => r.callbacks.due], ['接通 answered', (r) => r.callbacks.answered], ['满意 satisfied', (r) => r.callbacks.satisfied],
  ['满意率 satisfaction', (r) => r.callbacks.satisfactionRate],
  ['告警 alerts', (r) => r.alerts.raised], ['已确认 acknowledged', (r) => r.alerts.acknowledged],
  ['平均响应秒 avg ack s', (r) => r.alerts.avgAckS], ['平均处置秒 avg resolve s', (r) => r.alerts.avgResolveS],
];

const cell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : v;
  // Quote always-safe; a leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function reportCsv(rows: MonthlyReportRow[]): string {
  const lines = [columns.map(([h]) => cell(h)).join(','), ...rows.map((r) => columns.map(([, f]) => cell(f(r))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
