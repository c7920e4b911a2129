// `npm run package` end to end: build the release tarball, install it into a fresh directory with
// first-boot.sh (no network: the dependencies are bundled), start its agent, ask `status` and
// `check`, and verify its systemd unit with systemd-analyze. A damaged file stops the install.
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from './support/helpers.js';

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('../scripts/package.mjs', import.meta.url));
// Nothing may come from the network: a dead proxy and npm offline.
const OFFLINE = { ...process.env, npm_config_offline: 'true', HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', LOG_LEVEL: 'info' };
const root = tempDir('yg-release-');
// Three copies of ~4k files: removing them takes a while on a loaded machine.
afterAll(() => rm(root, { recursive: true, force: true }), 180_000);

describe('release tarball', () => {
  it('builds with a manifest, installs offline, its agent starts and answers status and check, its unit verifies', async () => {
    const version = '0.1.0-test.1';
    const { stdout } = await run(process.execPath, [PACKAGE, '--out', join(root, 'out'), '--version', version, '--json'], { maxBuffer: 1 << 20 });
    const built = JSON.parse(stdout.trim().split('\n').at(-1)!) as { tarball: string; sha256: string; files: number };
    expect(createHash('sha256').update(readFileSync(built.tarball)).digest('hex')).toBe(built.sha256);

    const fresh = join(root, 'fresh');
    mkdirSync(fresh);
    await run('tar', ['-C', fresh, '-xzf', built.tarball]);
    const unpacked = join(fresh, `yardguard-edge-${version}`);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as { version: string; node: string; builtFor: { arch: string }; files: Record<string, string> };
    expect(manifest).toMatchObject({ version, node: expect.stringMatching(/>=\s*20/), builtFor: { arch: process.arch } });
    for (const f of ['dist/main.js', 'bin/yardguard-edge', 'first-boot.sh', 'systemd/yardguard-edge.service', 'samples/small-compound.json', 'node_modules/better-sqlite3/package.json', 'node_modules/@yardguard/firmware-config/dist/index.js', 'node_modules/aedes/package.json']) {
      expect(manifest.files[f], f).toBe(createHash('sha256').update(readFileSync(join(unpacked, f))).digest('hex'));
    }
    expect(Object.keys(manifest.files)).toHaveLength(built.files);
    expect(Object.keys(manifest.files).some((f) => f.includes('vitest') || f.startsWith('node_modules/@yardguard/cloud'))).toBe(false);

    const prefix = join(root, 'opt');
    const data = join(root, 'data');
    const boot = await run('bash', [join(unpacked, 'first-boot.sh'), '--no-system', '--prefix', prefix, '--data-dir', data], { env: OFFLINE });
    expect(boot.stdout).toMatch(/2\/6 every file matches SHA256SUMS/);
    expect(boot.stdout).toMatch(/no rebuild/);
    expect(readlinkSync(join(prefix, 'current'))).toBe(`releases/${version}`);
    const bin = join(prefix, 'current', 'bin', 'yardguard-edge');
    expect((await run(bin, ['--version'], { env: OFFLINE })).stdout.trim()).toBe(version);

    // The agent from the installed release, on the shipped sample (local-only: not enrolled).
    const site = JSON.parse(readFileSync(join(prefix, 'current', 'samples', 'small-compound.json'), 'utf8')) as { gateway: { broker: Record<string, unknown> } };
    site.gateway.broker = { host: '127.0.0.1', port: 1883 };
    writeFileSync(join(data, 'site.json'), JSON.stringify(site));
    const agent = spawn(bin, ['run', '--data-dir', data, '--broker-port', '0'], { env: OFFLINE, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    agent.stdout.on('data', (d: Buffer) => (out += d.toString()));
    agent.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => out.includes('"ready":true'), { timeoutMs: 60_000, what: `agent ready:\n${out}` });
      const status = JSON.parse((await run(bin, ['status', '--data-dir', data, '--json'], { env: OFFLINE })).stdout) as { agent: { running: boolean }; devices: { id: string }[] };
      expect(status.agent.running).toBe(true);
      expect(status.devices.map((d) => d.id)).toContain('gate-main');

      // No GPIO in this container: check answers with the reason and the fix, and exits 1.
      const check = await run(bin, ['check', '--data-dir', data, '--json', '--skip-cloud'], { env: OFFLINE }).catch((e: { code: number; stdout: string }) => e);
      expect((check as { code?: number }).code).toBe(1);
      const report = JSON.parse(check.stdout) as { rows: { item: string; check: string; status: string; fix?: string }[] };
      expect(report.rows.find((r) => r.item === 'site config')?.status).toBe('ok');
      expect(report.rows.find((r) => r.item === 'gate-main')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/gpio group/) });
      expect(report.rows.find((r) => r.item === 'column-1' && r.check === 'mqtt seen')?.status).toBe('fail'); // the agent runs, the column never connected
      expect(report.rows.find((r) => r.item === 'credentials')?.status).toBe('warn');
    } finally {
      if (agent.exitCode === null && agent.signalCode === null) {
        agent.kill('SIGTERM');
        await new Promise((r) => agent.once('exit', r));
      }
    }

    // The unit, with this install's paths, passes systemd-analyze verify; a broken one does not.
    const unit = join(prefix, 'yardguard-edge.service');
    const verify = await run('systemd-analyze', ['verify', unit]).catch((e: { code: number; stderr: string }) => e);
    expect((verify as { code?: number }).code ?? 0, (verify as { stderr?: string }).stderr).toBe(0);
    const broken = join(root, 'broken.service');
    writeFileSync(broken, readFileSync(unit, 'utf8').replace(/^ExecStart=.*$/m, 'ExecStart=relative/path/yardguard-edge run'));
    const bad = await run('systemd-analyze', ['verify', broken]).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code?: number }).code).not.toBe(0);

    // A damaged download is refused before anything is installed.
    appendFileSync(join(unpacked, 'dist', 'main.js'), '\n// tampered\n');
    const tampered = await run('bash', [join(unpacked, 'first-boot.sh'), '--no-system', '--prefix', join(root, 'opt2'), '--data-dir', join(root, 'data2')], { env: OFFLINE }).catch((e: { code: number; stderr: string }) => e);
    expect((tampered as { code?: number }).code).toBe(1);
    expect(tampered.stderr).toMatch(/do not match SHA256SUMS/);
    expect(existsSync(join(root, 'opt2', 'current'))).toBe(false);
  }, 300_000);
});
