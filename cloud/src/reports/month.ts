/** A calendar month in China time (Asia/Shanghai, UTC+8 all year): the ISO UTC bounds used in queries. */
export function chinaMonth(month: string): { from: string; to: string; days: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const fromMs = Date.UTC(y, m - 1, 1) - 8 * 3_600_000;
  const toMs = Date.UTC(y, m, 1) - 8 * 3_600_000;
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), days: Math.round((toMs - fromMs) / 86_400_000) };
}

/** 0.9448 -> "94.48%" (two decimals at most, as the districts quote them). */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${Number((rate * 100).toFixed(2))}%`);
