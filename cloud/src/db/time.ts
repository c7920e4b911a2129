/**
 * Time convention for every table: ISO 8601 UTC text with milliseconds. Fixed width, so string
 * comparison and ORDER BY equal time order on SQLite and PostgreSQL alike.
 */
export const nowIso = (): string => new Date().toISOString();

/** Normalise any ISO time (with an offset such as +08:00) to the stored UTC form. */
export const toStoredTime = (iso: string): string => new Date(iso).toISOString();

export const isoAfter = (ms: number, from: number = Date.now()): string => new Date(from + ms).toISOString();

/** Booleans are stored as integer 0/1 (portable). */
export const toFlag = (b: boolean): number => (b ? 1 : 0);
export const fromFlag = (n: number | null | undefined): boolean | null => (n === null || n === undefined ? null : n !== 0);
