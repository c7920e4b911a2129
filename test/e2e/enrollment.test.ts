/**
 * From a blank Pi to a trusted gateway, the way an installer does it: the one-time code comes from
 * the installer page in Chromium on a phone (375 px), the Pi runs the built `yardguard-edge` CLI as
 * child processes (`enroll`, then `run`), and the installer page shows the new gateway online with
 * its config applied.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnOwned, waitFor } from '@yardguard/test/servers';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';
import { repoRoot } from './helpers/paths.js';

const EDGE_BIN = join(repoRoot, 'edge', 'dist', 'main.js');

/** CLI runs still going (killed in afterAll if a spec fails half-way). */
const children = new Set<ChildProcess>();

/** Run the CLI to completion without blocking this process (the cloud under test lives in it). */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnOwned(process.execPath, [EDGE_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

const env = systemWithBrowser();
let piDir: string;
let agent: ChildProcess | undefined;

beforeAll(() => {
  piDir = mkdtempSync(join(tmpdir(), 'yg-e2e-pi-'));
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  if (agent && agent.exitCode === null && agent.signalCode === null) {
    const exited = new Promise<void>((r) => agent!.once('exit', () => r()));
    agent.kill('SIGTERM');
    const timer = setTimeout(() => agent?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (piDir) rmSync(piDir, { recursive: true, force: true });
});

describe('enrollment with the edge CLI', () => {
  it('installer makes a code in the console, the Pi enrolls and runs with it, the gateway shows online', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'installer', sys.demoPassword);
    await page.getByTestId('nav-installer').click();
    await page.getByTestId('installer-compound').selectOption(sys.otherCompoundId);
    await page.getByTestId('create-enrollment-code').click();
    const code = (await page.getByTestId('enrollment-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await browser.screenshot(page, '40-installer-code-375');

    const dataDir = join(piDir, 'data');
    const enrolled = await runCli(['enroll', '--cloud', sys.url, '--code', code, '--data-dir', dataDir]);
    expect(enrolled.status, enrolled.stderr).toBe(0);
    const gatewayId = /enrolled as gateway (\S+)/.exec(enrolled.stderr)?.[1];
    expect(gatewayId, enrolled.stderr).toBeTruthy();
    // Secrets on the Pi are readable by the agent's user only.
    expect(statSync(join(dataDir, 'credentials.json')).mode & 0o777).toBe(0o600);

    // A used code cannot enroll a second Pi.
    const again = await runCli(['enroll', '--cloud', sys.url, '--code', code, '--data-dir', join(piDir, 'second')]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already been used/);

    const brokerPort = await freePort();
    let out = '';
    agent = spawnOwned(process.execPath, [EDGE_BIN, 'run', '--data-dir', dataDir, '--broker-port', String(brokerPort)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
    agent.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('"ready":true') || agent?.exitCode !== null, { timeoutMs: 30_000, message: 'agent ready line' });
    expect(agent.exitCode, out.slice(-2000)).toBeNull();

    // The installer page polls: the new gateway appears online, with the cloud's config applied.
    const row = page.locator(`[data-testid="installer-gateway"][data-gateway-id="${gatewayId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await waitFor(async () => (await row.textContent())?.includes(zh['state.online']), { timeoutMs: 30_000, message: 'gateway online on the installer page' });
    await page.locator(`[data-testid="installer-gateway"][data-gateway-id="${gatewayId}"][data-config-applied="true"]`).waitFor({ timeout: 30_000 });
    await browser.screenshot(page, '41-installer-gateway-online-375');
    // Its dead letters come from the real cloud: none for a fresh gateway.
    expect(await row.locator('[data-testid="dead-letters"]').getAttribute('data-count', { timeout: 30_000 })).toBe('0');

    const admin = await sys.as('admin');
    const { gateways } = await admin.get<{ gateways: { id: string; compoundId: string; alive: boolean; linkState: string }[] }>(`/api/gateways?compoundId=${sys.otherCompoundId}`);
    expect(gateways.find((g) => g.id === gatewayId)).toMatchObject({ compoundId: sys.otherCompoundId, alive: true, linkState: 'online' });

    const status = await runCli(['status', '--data-dir', dataDir, '--json']);
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ agent: { running: true }, cloudLink: 'up' });
    await page.context().close();
  }, 120_000);
});
