/**
 * Writes that can fail on a full or broken disk (SQLITE_FULL, SQLITE_IOERR, ENOSPC, EDQUOT, EIO).
 * Every write path outside the outbox's own commit (checkpoints, meta, nonces, command results,
 * the snapshot queue, presence, snapshot files) goes through `storageFaults(db).guard(...)`: a
 * storage fault is logged, counted per path and announced (the outbox gives up its reserve and
 * health reports diskFull), and the agent keeps going. Any other error is rethrown: a bug must
 * stay loud. One reporter per database, so modules that already hold the db need no extra wiring.
 */
import type { Db } from './db.js';
import type { Logger } from '../log.js';

export type StorageFaultListener = (path: string, err: Error) => void;

export interface StorageFaultStats {
  total: number;
  byPath: Record<string, number>;
  last?: { path: string; code: string; at: number };
}

/** True for errors a full or failing disk produces (as opposed to bugs). */
export function isStorageFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO';
}

/** SQLITE_FULL from a commit, or ENOSPC / EDQUOT from a write or fsync. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

export class StorageFaults {
  private readonly listeners = new Set<StorageFaultListener>();
  private readonly counts: Record<string, number> = {};
  private total = 0;
  private last: StorageFaultStats['last'];
  /** Log lines per path are limited: a full disk fails every write, every second. */
  private readonly loggedAt: Record<string, number> = {};
  log: Logger | undefined;

  /** Run a write; on a storage fault report it and return `fallback`. Other errors are rethrown. */
  guard<T>(path: string, fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      if (!isStorageFault(err)) throw err;
      this.report(path, err as Error);
      return fallback;
    }
  }

  report(path: string, err: Error): void {
    this.total++;
    this.counts[path] = (this.counts[path] ?? 0) + 1;
    const now = Date.now();
    this.last = { path, code: String((err as { code?: unknown }).code), at: now };
    if (now - (this.loggedAt[path] ?? 0) >= 10_000) {
      this.loggedAt[path] = now;
      this.log?.error({ err: err.message, code: this.last.code, path, count: this.counts[path] }, 'storage write failed (disk full or failing); carrying on without it');
    }
    for (const l of this.listeners) {
      try {
        l(path, err);
      } catch {
        // A listener must not turn a survived fault into a crash.
      }
    }
  }

  onFault(listener: StorageFaultListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): StorageFaultStats {
    return { total: this.total, byPath: { ...this.counts }, ...(this.last ? { last: { ...this.last } } : {}) };
  }
}

const registry = new WeakMap<Db, StorageFaults>();

/** The one fault reporter of a database connection. */
export function storageFaults(db: Db): StorageFaults {
  let f = registry.get(db);
  if (!f) registry.set(db, (f = new StorageFaults()));
  return f;
}
