// Every command of the built bin in a pipe, as scripts and installers use it: input on stdin
// without a trailing newline, output on stdout, and every failure a message on stderr with a
// non-zero exit (never a silent exit 0).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@yardguard/firmware-config/node';
import { MAIN } from './support/agent-process.js';
import { tempDir } from './support/helpers.js';

interface Ran { code: number | null; stdout: string; stderr: string }

function bin(args: string[], stdin?: string | null): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (stdin === null) child.stdin.end();
    else if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

describe('yardguard-edge in pipes', () => {
  it('hash-password reads a password piped without a trailing newline, and with one', async () => {
    const inputs = ['s3cret-pass', 's3cret-pass\n', 's3cret-pass\r\n'];
    const ran = await Promise.all(inputs.map((input) => bin(['hash-password'], input)));
    for (const r of ran) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^scrypt\$\S+\n$/);
      expect(verifyPassword('s3cret-pass', r.stdout.trim())).toBe(true);
    }
  }, 90_000);

  it('hash-password fails loudly on empty or short input', async () => {
    const empty = await bin(['hash-password'], null);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no password given/);
    expect(empty.stdout).toBe('');
    const short = await bin(['hash-password'], 'pw');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 8 characters/);
  }, 90_000);

  it('every command prints an error and exits non-zero when it cannot do its job', async () => {
    const empty = tempDir();
    const cases: { args: string[]; stderr: RegExp }[] = [
      { args: ['frobnicate'], stderr: /unknown command "frobnicate"/ },
      { args: ['run'], stderr: /--data-dir is required/ },
      { args: ['run', '--data-dir', empty], stderr: /--config is required/ },
      { args: ['run', '--config', join(empty, 'nope.json'), '--data-dir', empty], stderr: /nope\.json/ },
      { args: ['status'], stderr: /--data-dir is required/ },
      { args: ['status', '--data-dir', empty], stderr: /no agent state/ },
      { args: ['check'], stderr: /--data-dir is required/ },
      { args: ['enroll', '--cloud', 'http://127.0.0.1:9', '--code', 'ABCD-1234'], stderr: /--data-dir is required/ },
      { args: ['enroll', '--cloud', 'http://127.0.0.1:9', '--code', 'ABCD-1234', '--data-dir', empty], stderr: /cannot reach the cloud/ },
      { args: ['enroll', '--cloud', 'http://127.0.0.1:9', '--code', 'nonsense', '--data-dir', empty], stderr: /enrollment code/ },
      { args: ['discover', '--timeout', 'soon'], stderr: /--timeout must be a number/ },
      { args: ['--no-such-flag'], stderr: /Unknown option/ },
    ];
    const ran = await Promise.all(cases.map((c) => bin(c.args)));
    for (const [i, c] of cases.entries()) {
      const r = ran[i]!;
      expect(r.code, `${c.args.join(' ')}: ${r.stderr}`).not.toBe(0);
      expect(r.stderr, c.args.join(' ')).toMatch(/^error: /m);
      expect(r.stderr, c.args.join(' ')).toMatch(c.stderr);
    }
  }, 180_000);

  it('check with a broken config exits 1, and its JSON names the fix', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ version: 1, compound: { id: 'c1', name: 'x' }, gateway: { id: 'gw-1' }, gates: [{ id: 'g1', name: 'g', driver: 'gpio' }] }));
    const r = await bin(['check', '--data-dir', dir, '--json', '--skip-cloud']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; rows: { item: string; status: string; detail: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    const cfg = report.rows.find((x) => x.item === 'site config')!;
    expect(cfg.status).toBe('fail');
    expect(cfg.detail).toMatch(/relayPin/);
    expect(cfg.fix).toMatch(/correct the fields/);
    const table = await bin(['check', '--data-dir', dir, '--skip-cloud']);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/FAIL\s+config\s+site config/);
    expect(table.stdout).toMatch(/fix: correct the fields/);
    expect(table.stdout).toMatch(/^FAILED: /m);
  }, 90_000);
});
