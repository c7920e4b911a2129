/**
 * Releases of the edge agent: the `npm run package` tarball, stored once under DATA/releases and
 * signed with the cloud's command key over {version, sha256, bytes}; gateways check that signature
 * with the key pinned at enrollment before they unpack anything.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { releaseVersion } from '@yardguard/firmware-config';
import { signRelease } from '@yardguard/firmware-config/node';
import type { Database } from '../db/database.js';
import type { ReleasesTable } from '../db/tables-releases.js';
import { nowIso } from '../db/time.js';

const run = promisify(execFile);

export const releaseFile = (dataDir: string, version: string): string => join(dataDir, 'releases', `yardguard-edge-${version}.tar.gz`);

export class ReleaseError extends Error {}

/** Read the manifest inside a release tarball (yardguard-edge-<version>/manifest.json). */
async function readManifest(file: string): Promise<{ version: string; builtFor: unknown }> {
  let list: string;
  try {
    list = (await run('tar', ['-tzf', file], { maxBuffer: 64 << 20 })).stdout;
  } catch {
    throw new ReleaseError('not a gzip tar archive: upload the tarball made by `npm run package` (release/yardguard-edge-<version>.tar.gz)');
  }
  const entry = list.split('\n').find((l) => /^yardguard-edge-[^/]+\/manifest\.json$/.test(l));
  if (!entry) throw new ReleaseError('the archive has no yardguard-edge-<version>/manifest.json: upload the tarball made by `npm run package`');
  const m = JSON.parse((await run('tar', ['-xzOf', file, entry], { maxBuffer: 64 << 20 })).stdout) as { version?: unknown; builtFor?: unknown };
  const v = releaseVersion.safeParse(m.version);
  if (!v.success) throw new ReleaseError(`the manifest's version "${String(m.version)}" is not x.y.z[-tag]`);
  if (entry !== `yardguard-edge-${v.data}/manifest.json`) throw new ReleaseError(`the archive's folder ${entry.split('/')[0]} does not match its version ${v.data}`);
  return { version: v.data, builtFor: m.builtFor ?? {} };
}

/** Store, sign and record a release from a file (CLI) or an upload (saved to a temp file first). */
export async function addRelease(db: Kysely<Database>, dataDir: string, file: string, signingKey: KeyObject, addedBy: string): Promise<ReleasesTable> {
  const { version, builtFor } = await readManifest(file);
  if (await db.selectFrom('releases').select('version').where('version', '=', version).executeTakeFirst()) {
    throw new ReleaseError(`release ${version} exists already: versions are immutable, build the next one`);
  }
  const data = readFileSync(file);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const dest = releaseFile(dataDir, version);
  mkdirSync(join(dataDir, 'releases'), { recursive: true });
  copyFileSync(file, `${dest}.tmp`);
  renameSync(`${dest}.tmp`, dest);
  const row: ReleasesTable = {
    version, sha256, bytes: data.length, signature: signRelease({ version, sha256, bytes: data.length }, signingKey),
    built_for: JSON.stringify(builtFor), added_by: addedBy, added_at: nowIso(),
  };
  await db.insertInto('releases').values(row).execute();
  return row;
}

/** An upload body to a temp file beside the store, then addRelease. */
export async function addReleaseFromBuffer(db: Kysely<Database>, dataDir: string, body: Buffer, signingKey: KeyObject, addedBy: string): Promise<ReleasesTable> {
  mkdirSync(join(dataDir, 'releases'), { recursive: true });
  const tmp = join(dataDir, 'releases', `.upload-${process.pid}-${Date.now()}.tar.gz`);
  writeFileSync(tmp, body);
  try {
    return await addRelease(db, dataDir, tmp, signingKey, addedBy);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export const releaseSize = (dataDir: string, version: string): number | null => {
  const f = releaseFile(dataDir, version);
  return existsSync(f) ? statSync(f).size : null;
};
