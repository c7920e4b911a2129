/** A table to export: column titles and rows of plain cells (text, number, empty). */
export type Cell = string | number | null | undefined;
export interface ExportTable {
  /** Sheet name and file name stem (no extension). */
  name: string;
  columns: string[];
  rows: Cell[][];
}

/**
 * A cell that starts with = + - @ (or a tab / CR) is read as a formula by Excel and WPS: a title
 * typed by a resident must never run as one (CSV injection), so it gets a leading apostrophe.
 * Numbers stay numbers.
 */
export function safeText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so Excel on Chinese Windows opens 中文 correctly. */
export function toCsv(t: ExportTable): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [t.columns, ...t.rows].map((r) => r.map((c) => quote(safeText(c))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offer a file to save (an object URL on a temporary link). */
export function saveFile(data: BlobPart, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
