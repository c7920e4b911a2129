import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@yardguard/firmware-config';
import { SnapshotStore, snapshotPathForRef } from './snapshot-store.js';

describe('snapshot store', () => {
  it('picks up files left by an earlier run, oldest first, and keeps within the cap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-snaps-'));
    const ids = [newId(), newId(), newId()];
    ids.slice(0, 2).forEach((id) => writeFileSync(join(dir, `${id}.jpg`), Buffer.alloc(400)));
    const store = new SnapshotStore(dir, 1000);
    expect(store.totalBytes).toBe(800);
    store.save(ids[2]!, Buffer.alloc(400), 'image/jpeg');
    expect(readdirSync(dir).sort()).toEqual([`${ids[1]}.jpg`, `${ids[2]}.jpg`]);
    expect(store.evicted).toBe(1);
  });

  it('a single picture larger than the cap is still kept (the newest is never dropped)', () => {
    const store = new SnapshotStore(mkdtempSync(join(tmpdir(), 'yg-snaps-')), 100);
    store.save(newId(), Buffer.alloc(500), 'image/jpeg');
    expect(store.list()).toHaveLength(1);
  });

  it('resolves refs safely', () => {
    expect(snapshotPathForRef('/data/devices', 'cam-gate/0193a1b2-aaaa-7bbb-8ccc-123456789abc.jpg')).toBe('/data/devices/cam-gate/0193a1b2-aaaa-7bbb-8ccc-123456789abc.jpg');
    for (const bad of ['../etc/passwd', 'cam-gate/../../x.jpg', '/abs/x.jpg', 'cam-gate/x.exe', 'Cam/x.jpg']) {
      expect(snapshotPathForRef('/data/devices', bad)).toBeUndefined();
    }
  });
});
