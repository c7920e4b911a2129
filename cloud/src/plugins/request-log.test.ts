import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../app.js';

describe('request log', () => {
  it('never writes the access_token query parameter', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const dir = mkdtempSync(join(tmpdir(), 'yg-log-'));
    const cloud = await buildApp({ logger: pino({ level: 'info' }, sink), config: { dataDir: dir, mqtt: { mode: 'none' } } });
    try {
      const res = await cloud.app.inject({ method: 'GET', url: '/api/auth/me?access_token=SECRET-TOKEN-123' });
      expect(res.statusCode).toBe(401);
      const all = lines.join('');
      expect(all).toContain('/api/auth/me');
      expect(all).not.toContain('SECRET-TOKEN-123');
    } finally {
      await cloud.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
