/**
 * Shared pieces of the filtered, paged lists (incidents, work orders, the gate-open audit): a text
 * search that means the same on SQLite and PostgreSQL, times compared as the stored UTC strings,
 * and the cursor for the next page.
 */
import { sql, type Expression, type SqlBool } from 'kysely';

/** `lower(column) LIKE %words%`, with the user's % and _ taken literally (same ESCAPE on both databases). */
export function containsText(column: string, words: string): Expression<SqlBool> {
  const pattern = `%${words.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
}

/** Stored times are `toISOString()` strings; a query time with an offset (+08:00) is turned into one before comparing. */
export const storedTime = (t: string): string => new Date(t).toISOString();

/** The `before` for the next page: the last row's sort time when the page is full, else null (the last page). */
export function nextBefore<T>(rows: T[], limit: number, timeOf: (row: T) => string): string | null {
  return rows.length === limit && rows.length > 0 ? timeOf(rows[rows.length - 1]!) : null;
}
