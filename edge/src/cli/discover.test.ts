import { afterEach, describe, expect, it } from 'vitest';
import { OnvifCameraSim } from '../sim/onvif-camera-sim.js';
import { createNodeOnvifPort } from '../hw/node-onvif-port.js';
import { discoverCommand } from './discover.js';
import { validateSiteConfig } from '@yardguard/firmware-config';

let sim: OnvifCameraSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('discover command', () => {
  it('prints each camera as it answers and a site-config snippet that validates', async () => {
    sim = new OnvifCameraSim({ discovery: true, name: 'Gate Cam', model: 'SimCam IPC-2' });
    const xaddr = await sim.start();
    const lines: string[] = [];
    const port = createNodeOnvifPort({ discoveryTarget: { address: '127.0.0.1', port: sim.discoveryPort } });
    // The search window is generous: the simulator answers at once, but a loaded machine may not run us at once.
    const found = await discoverCommand({ timeoutMs: 3000, json: false, port, out: (l) => lines.push(l) });
    expect(found.map((c) => c.xaddr)).toEqual([xaddr]);
    const text = lines.join('\n');
    expect(text).toContain(`found 1: ${xaddr}`);
    const snippet = JSON.parse(text.slice(text.indexOf('[')));
    const site = { version: 1, compound: { id: 'c1', name: '测试院' }, gateway: { id: 'gw1' }, cameras: snippet };
    const r = validateSiteConfig(site);
    expect(r.ok ? 'ok' : r.error).toBe('ok');
  });

  it('says what to check when nobody answers', async () => {
    const lines: string[] = [];
    const port = createNodeOnvifPort({ discoveryTarget: { address: '127.0.0.1', port: 9 } });
    expect(await discoverCommand({ timeoutMs: 300, json: false, port, out: (l) => lines.push(l) })).toEqual([]);
    expect(lines.join('\n')).toMatch(/no camera answered/);
  });
});
