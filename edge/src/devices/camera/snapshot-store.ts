/**
 * Snapshots on the gateway's disk, within a byte cap: after each write the oldest files go
 * until the total fits again (the newest picture is always kept). Files are named
 * `<snapshotId>.jpg`; the snapshotId is a UUIDv7, so name order is time order.
 */
import { mkdirSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredSnapshot {
  snapshotId: string;
  file: string;
  bytes: number;
}

export class SnapshotStore {
  private readonly files: StoredSnapshot[] = [];
  private total = 0;
  evicted = 0;

  constructor(readonly dir: string, private readonly maxBytes: number) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => /\.(jpg|jpeg|png)$/.test(n)).sort()) {
      const bytes = statSync(join(dir, name)).size;
      this.files.push({ snapshotId: name.replace(/\.[a-z]+$/, ''), file: name, bytes });
      this.total += bytes;
    }
  }

  get totalBytes(): number {
    return this.total;
  }

  list(): StoredSnapshot[] {
    return [...this.files];
  }

  path(snapshotId: string): string | undefined {
    const f = this.files.find((s) => s.snapshotId === snapshotId);
    return f ? join(this.dir, f.file) : undefined;
  }

  save(snapshotId: string, body: Buffer, contentType: string): StoredSnapshot {
    const ext = contentType.includes('png') ? 'png' : 'jpg';
    const file = `${snapshotId}.${ext}`;
    try {
      writeFileSync(join(this.dir, file), body);
    } catch (err) {
      // A full disk leaves a truncated file behind: remove it, the caller reports the failure.
      try {
        unlinkSync(join(this.dir, file));
      } catch {
        // nothing was written
      }
      throw err;
    }
    const s = { snapshotId, file, bytes: body.byteLength };
    this.files.push(s);
    this.total += s.bytes;
    while (this.total > this.maxBytes && this.files.length > 1) {
      const old = this.files.shift()!;
      this.total -= old.bytes;
      this.evicted++;
      try {
        unlinkSync(join(this.dir, old.file));
      } catch {
        // already gone: the count is what matters
      }
    }
    return s;
  }
}

const SNAPSHOT_REF = /^([a-z0-9][a-z0-9-]{0,62})\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.(jpg|png)$/;

/**
 * The file behind a camera.snapshot `ref` (`<deviceId>/<snapshotId>.jpg`) under the directory that
 * holds the devices' data dirs, or undefined for anything else (no `..`, no absolute paths), so the
 * agent can serve or upload a snapshot the cloud asks for by its ref.
 */
export function snapshotPathForRef(devicesDir: string, ref: string): string | undefined {
  const m = SNAPSHOT_REF.exec(ref);
  return m ? join(devicesDir, m[1]!, `${m[2]!}.${m[3]!}`) : undefined;
}
