/**
 * Files on disk for gateway snapshots and work-order photos, metadata in the `media` table.
 * Retention applies to snapshots only (photos are evidence of work done): older than maxAgeDays
 * go first; then each compound's snapshots are held to that compound's quota (compoundMaxBytes) by
 * evicting that compound's oldest. One compound's gateway can never evict another compound's
 * evidence. Eviction, not refusal, when a compound is full: during an incident the newest pictures
 * are the ones the guards need (the edge also keeps its own capped copies). A single picture larger
 * than the whole quota is refused (the upload route answers 413).
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
  /** Snapshot bytes kept per compound. */
  compoundMaxBytes: number;
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
  limits: RetentionLimits;
  /** Age, then every compound's quota. Returns how many snapshots were removed. */
  enforceRetention(nowMs: number): Promise<number>;
  /** One compound: its snapshots past the age, then its oldest over its quota. Returns how many were removed. */
  enforceCompound(compoundId: string, nowMs: number): Promise<number>;
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
    limits,
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
      if (m.kind === 'snapshot') await this.enforceCompound(m.compoundId, nowMs);
      return row;
    },
    get: (id) => db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst(),
    async enforceRetention(nowMs) {
      const old = await db.selectFrom('media').selectAll().where('kind', '=', 'snapshot')
        .where('taken_at', '<', iso(nowMs - limits.maxAgeDays * 86_400_000)).execute();
      await remove(old);
      let removed = old.length;
      const full = await db.selectFrom('media').select('compound_id').where('kind', '=', 'snapshot').groupBy('compound_id')
        .having((eb) => eb.fn.sum<number>('bytes'), '>', limits.compoundMaxBytes).execute();
      for (const { compound_id } of full) removed += await this.enforceCompound(compound_id, nowMs);
      return removed;
    },
    async enforceCompound(compoundId, nowMs) {
      const snapshots = () => db.selectFrom('media').where('kind', '=', 'snapshot').where('compound_id', '=', compoundId);
      const old = await snapshots().selectAll().where('taken_at', '<', iso(nowMs - limits.maxAgeDays * 86_400_000)).execute();
      await remove(old);
      let removed = old.length;
      const total = await snapshots().select((eb) => eb.fn.sum<number>('bytes').as('total')).executeTakeFirst();
      let excess = Number(total?.total ?? 0) - limits.compoundMaxBytes;
      while (excess > 0) {
        const batch = await snapshots().selectAll().orderBy('taken_at').orderBy('id').limit(100).execute();
        if (batch.length === 0) break;
        const victims: MediaTable[] = [];
        for (const m of batch) {
          if (excess <= 0) break;
          victims.push(m);
          excess -= m.bytes;
        }
        await remove(victims);
        removed += victims.length;
        log.info({ compoundId, evicted: victims.length }, 'snapshot quota: oldest snapshots of the compound evicted');
      }
      return removed;
    },
  };
}
