/**
 * On SQLite the batch ack is sent only after the commit is on disk: the edge deletes what the cloud
 * acks, so a commit still in the OS cache (WAL with synchronous=NORMAL) could be lost with the host.
 * Watched from outside with strace (-f: the fdatasync runs on a libuv pool thread, see WalSync): the
 * WAL is synced after the ingest commit starts and before its promise (the ack) resolves.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { newId, type Event } from '@yardguard/firmware-config';
import { openDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createSqliteIngestStore } from '../../src/ingest/store-sqlite.js';

const hasStrace = (() => {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const mark = (path: string) => {
  try {
    statSync(path);
  } catch {
    // The marker does not exist: only its stat call in the trace matters.
  }
};

describe.skipIf(!hasStrace)('SQLite ingest commit is durable before the ack (strace)', () => {
  it('fsyncs the WAL (in the thread pool) between the commit and the ack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-durable-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const h = openDb({ url: join(dir, 'cloud.sqlite') });
    onTestFinished(() => h.close());
    await migrateToLatest(h.db);
    const store = createSqliteIngestStore(h.sqlite!);
    const event = (seq: number): Event => ({
      v: 1, id: newId(), compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-main', seq, occurredAt: new Date().toISOString(), type: 'gate.door_opened', data: {},
    } as Event);
    const commit = (e: Event) => store.commit({
      gatewayId: 'gw1', compoundId: 'c1', events: [e], receivedAt: new Date().toISOString(), maxSeq: e.seq,
      rows: [{ id: e.id, compound_id: 'c1', gateway_id: 'gw1', device_id: e.deviceId, seq: e.seq, type: e.type, occurred_at: e.occurredAt, received_at: e.occurredAt, data: '{}' }],
    });
    await commit(event(1)); // statements prepared, WAL created

    const trace = join(dir, 'trace.txt');
    const strace = spawn('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync,newfstatat,statx,stat', '-o', trace, '-p', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    strace.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise((r) => strace.once('exit', r));
    onTestFinished(() => void strace.kill('SIGKILL'));
    const attached = await new Promise<boolean>((resolve) => {
      const t = setInterval(() => {
        if (/attached/i.test(err)) { clearInterval(t); resolve(true); }
        if (strace.exitCode !== null) { clearInterval(t); resolve(false); }
      }, 20);
    });
    if (!attached) {
      console.warn(`[durable-ack] strace could not attach (${err.trim()}): skipped`);
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
    const begin = join(dir, `begin-${newId()}`);
    const end = join(dir, `end-${newId()}`);
    mark(begin);
    await commit(event(2));
    mark(end);
    await new Promise((r) => setTimeout(r, 300));
    strace.kill('SIGINT');
    await exited;

    const lines = readFileSync(trace, 'utf8').split('\n');
    const from = lines.findIndex((l) => l.includes(begin));
    const to = lines.findIndex((l) => l.includes(end));
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThan(from);
    const syncs = lines.slice(from, to).filter((l) => /f(data)?sync\(\d+<[^>]*-wal>/.test(l));
    expect(syncs.length, `no fsync of the WAL between commit start and ack:\n${lines.slice(from, to + 1).join('\n')}`).toBeGreaterThan(0);
  });
});

describe('SQLite ingest group commit', () => {
  it('commits batches that arrive together in one group; a batch that fails rolls back alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-group-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const h = openDb({ url: join(dir, 'cloud.sqlite') });
    onTestFinished(() => h.close());
    await migrateToLatest(h.db);
    let transactions = 0;
    const store = createSqliteIngestStore({ ...h.sqlite!, withConnection: (fn) => (transactions++, h.sqlite!.withConnection(fn)) });
    const batch = (gw: string, seq: number, broken = false) => {
      const e = { v: 1, id: newId(), compoundId: 'c1', gatewayId: gw, deviceId: 'gate-main', seq, occurredAt: new Date().toISOString(), type: 'gate.door_opened', data: {} } as Event;
      const row = { id: e.id, compound_id: 'c1', gateway_id: gw, device_id: e.deviceId, seq, type: e.type, occurred_at: e.occurredAt, received_at: e.occurredAt, data: '{}' };
      // A row missing a bound parameter makes its INSERT throw inside its savepoint.
      const rows = broken ? [{ ...row, data: undefined } as unknown as typeof row] : [row];
      return { id: e.id, commit: store.commit({ gatewayId: gw, compoundId: 'c1', events: [e], receivedAt: e.occurredAt, maxSeq: seq, rows }) };
    };
    const batches = Array.from({ length: 600 }, (_, i) => batch(`gw${i % 30}`, Math.floor(i / 30) + 1, i === 123));
    const settled = await Promise.allSettled(batches.map((b) => b.commit));
    // One transaction per group of up to 256 batches, not one per batch.
    expect(transactions).toBeLessThanOrEqual(6);
    expect(settled.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(settled[123]!.status).toBe('rejected');
    const stored = new Set((h.sqlite!.raw.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
    expect(stored.size).toBe(599);
    batches.forEach((b, i) => expect(stored.has(b.id), `batch ${i}`).toBe(i !== 123));
    // Each fulfilled commit returned its own event as new.
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') expect(r.value.map((e) => e.id)).toEqual([batches[i]!.id]);
    });
  });
});
