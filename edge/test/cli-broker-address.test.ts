/**
 * `run --broker-host/--broker-port` override the site config's broker address, so an installer
 * (or a test) can keep the local broker off the compound's LAN without editing the config.
 */
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, testSite } from './support/helpers.js';
import { freePort, startAgent, type AgentProcess } from './support/agent-process.js';

let agent: AgentProcess | undefined;
afterEach(() => {
  agent?.child.kill('SIGKILL');
});

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('run: broker address flags', () => {
  it('listens only where --broker-host says, on --broker-port', async () => {
    const port = await freePort();
    const dir = tempDir();
    const siteFile = join(dir, 'site.json');
    // The config says every interface; the flags narrow it to one loopback address.
    writeFileSync(siteFile, JSON.stringify(testSite({ overrides: { broker: { host: '0.0.0.0', port: 1 } } })));
    agent = await startAgent(['run', '--config', siteFile, '--data-dir', join(dir, 'data'), '--broker-host', '127.0.0.2', '--broker-port', String(port)]);
    expect(await reachable('127.0.0.2', port)).toBe(true);
    expect(await reachable('127.0.0.1', port)).toBe(false);
  });
});
