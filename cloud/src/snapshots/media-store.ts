/**
 * Files on disk for gateway snapshots and work-order photos, metadata in the `media` table.
 * Retention applies to snapshots only (photos are evidence of work done): older than maxAgeDays
 * go first, then the oldest until the total is under maxBytes.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { newId } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { MediaKind, MediaTable } from '../db/tables-ops.js';
import { iso } from '../alerts/clock.js';

export interface RetentionLimits {
  maxBytes: number;
  maxAgeDays: number;
}

export interface SaveMedia {
  id?: string;
  compoundId: string;
  kind: MediaKind;
  gatewayId?: string | null;
  deviceId?: string | null;
  uploadedBy?: string | null;
  contentType: string;
  data: Buffer;
  takenAtMs: number;
}

export interface MediaStore {
  root: string;
  save(m: SaveMedia, nowMs: number): Promise<MediaTable>;
  get(id: string): Promise<MediaTable | undefined>;
  pathOf(m: MediaTable): string;
  /** Returns how many snapshots were removed. */
  enforceRetention(nowMs: number): Promise<number>;
}

export const imageTypes: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export function createMediaStore(opts: { db: Kysely<Database>; root: string; limits: RetentionLimits; log: Logger }): MediaStore {
  const { db, root, limits, log } = opts;
  const pathOf = (m: MediaTable) => join(root, m.file);
  const remove = async (rows: MediaTable[]) => {
    for (const m of rows) {
      await db.deleteFrom('media').where('id', '=', m.id).execute();
      await rm(pathOf(m), { force: true }).catch((err: unknown) => log.warn({ err, file: m.file }, 'could not delete snapshot file'));
    }
  };
  return {
    root,
    pathOf,
    async save(m, nowMs) {
      const id = m.id ?? newId();
      const existing = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      if (existing) return existing; // a gateway retrying an upload
      const file = join(m.compoundId, `${id}.${imageTypes[m.contentType] ?? 'bin'}`);
      await mkdir(join(root, m.compoundId), { recursive: true });
      await writeFile(join(root, file), m.data);
      const row: MediaTable = {
        id, compound_id: m.compoundId, kind: m.kind, gateway_id: m.gatewayId ?? null, device_id: m.deviceId ?? null,
        uploaded_by: m.uploadedBy ?? null, content_type: m.contentType, bytes: m.data.byteLength, file, taken_at: iso(m.takenAtMs), created_at: iso(nowMs),
      };
      await db.insertInto('media').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
      if (m.kind === 'snapshot') await this.enforceRetention(nowMs);
      return row;
    },
    get: (id) => db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst(),
    async enforceRetention(nowMs) {
      const old = await db.selectFrom('media').selectAll().where('kind', '=', 'snapshot')
        .where('taken_at', '<', iso(nowMs - limits.maxAgeDays * 86_400_000)).execute();
      await remove(old);
      const total = await db.selectFrom('media').select((eb) => eb.fn.sum<number>('bytes').as('total')).where('kind', '=', 'snapshot').executeTakeFirst();
      let excess = Number(total?.total ?? 0) - limits.maxBytes;
      let removed = old.length;
      while (excess > 0) {
        const batch = await db.selectFrom('media').selectAll().where('kind', '=', 'snapshot').orderBy('taken_at').orderBy('id').limit(100).execute();
        if (batch.length === 0) break;
        const victims: MediaTable[] = [];
        for (const m of batch) {
          if (excess <= 0) break;
          victims.push(m);
          excess -= m.bytes;
        }
        await remove(victims);
        removed += victims.length;
      }
      return removed;
    },
  };
}
