// The camera adapter against the ONVIF simulator over real HTTP, through node-onvif.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { CameraConfig, SiteConfig } from '@yardguard/firmware-config';
import { createNodeOnvifPort } from '../../hw/node-onvif-port.js';
import { OnvifCameraSim } from '../../sim/onvif-camera-sim.js';
import { paddedJpeg } from '../../sim/sample-jpeg.js';
import { createTestContext } from '../test-context.js';
import { sampleSiteWith } from '../test-site.js';
import { createCamera, type CameraOptions } from './camera.js';
import type { CommandOutcome } from '../types.js';

const waitFor = async (cond: () => boolean, ms = 15_000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

function snapshotIdOf(r: CommandOutcome): string {
  if (r.status !== 'ok' || typeof r.data?.snapshotId !== 'string') throw new Error(`no snapshot: ${JSON.stringify(r)}`);
  return r.data.snapshotId;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(simOpts: ConstructorParameters<typeof OnvifCameraSim>[0] = {}, camOpts: CameraOptions = {}, pass = 'cam-secret-1') {
  const sim = new OnvifCameraSim({ user: 'admin', pass: 'cam-secret-1', ...simOpts });
  const xaddr = await sim.start();
  cleanups.push(() => sim.stop());
  // small sample, snapshots capped at 1 MB for its 2 cameras = 512 KB per camera
  const site: SiteConfig = sampleSiteWith('small', (s) => ({
    ...s,
    gateway: { ...s.gateway, snapshots: { maxMb: 1 } },
    cameras: (s.cameras ?? []).map((c) => ({ ...c, onvif: { ...c.onvif, xaddr } })),
  }));
  const cfg = site.cameras.find((c) => c.id === 'cam-gate') as CameraConfig;
  const t = createTestContext({ site, deviceId: cfg.id, kind: 'camera', onvif: createNodeOnvifPort() });
  const cam = createCamera(cfg, t.ctx, {
    credentials: (ref) => (ref === 'cam-gate' ? { user: 'admin', pass } : undefined),
    probeIntervalMs: 150,
    retryMs: 100,
    startupGraceMs: 0,
    ...camOpts,
  });
  cleanups.push(() => cam.stop());
  return { sim, cam, ...t };
}

describe('camera adapter on the ONVIF simulator', () => {
  it('init through node-onvif -> camera.online with the model, online presence', async () => {
    const { sim, cam, events, presence } = await setup();
    await cam.start();
    await cam.ready;
    expect(events[0]).toMatchObject({ type: 'camera.online', data: { model: 'YardGuard SimCam IPC-2', firmware: 'V5.7.3 build 2026' } });
    expect(presence[0]).toEqual({ online: true });
    expect(sim.calls.slice(0, 6)).toEqual(['GetSystemDateAndTime', 'GetCapabilities', 'GetDeviceInformation', 'GetProfiles', 'GetStreamUri', 'GetStreamUri']);
    expect(cam.status().online).toBe(true);
  });

  it('snapshot over HTTP Digest: a real JPEG on disk and a camera.snapshot event', async () => {
    const { sim, cam, events, ctx } = await setup();
    await cam.start();
    await cam.ready;
    const r = await cam.execute({ action: 'camera.snapshot', params: { reason: 'command' } }, { commandId: 'snap-1' });
    expect(r).toMatchObject({ status: 'ok', outcome: 'snapshot_taken' });
    const snapshotId = snapshotIdOf(r);
    const file = cam.store.path(snapshotId)!;
    expect(file.startsWith(ctx.dataDir)).toBe(true);
    const jpeg = readFileSync(file);
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
    expect(events.find((e) => e.type === 'camera.snapshot')).toMatchObject({
      data: { snapshotId, ref: `cam-gate/${snapshotId}.jpg`, contentType: 'image/jpeg', bytes: jpeg.byteLength, reason: 'command' },
    });
    expect(sim.snapshotsServed).toBe(1);
  });

  it('Basic auth cameras work too; a wrong password is auth_failed', async () => {
    const basic = await setup({ httpAuth: 'basic' });
    await basic.cam.start();
    await basic.cam.ready;
    await expect(basic.cam.execute({ action: 'camera.snapshot', params: { reason: 'manual' } }, { commandId: 's' })).resolves.toMatchObject({ status: 'ok' });

    const wrong = await setup({}, {}, 'not-the-password');
    await wrong.cam.start();
    await wrong.cam.ready;
    await waitFor(() => wrong.events.some((e) => e.type === 'camera.offline'));
    expect(wrong.events.find((e) => e.type === 'camera.offline')).toMatchObject({ data: { reason: 'auth_failed' } });
  });

  it('the space cap evicts the oldest snapshots first', async () => {
    const { cam } = await setup({ jpeg: paddedJpeg(200 * 1024) });
    await cam.start();
    await cam.ready;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await cam.execute({ action: 'camera.snapshot', params: { reason: 'rule' } }, { commandId: `s${i}` });
      ids.push(snapshotIdOf(r));
    }
    // 512 KB share: two 200 KB pictures fit, the third write evicts the first, the fourth the second
    expect(cam.store.list().map((s) => s.snapshotId)).toEqual(ids.slice(2));
    expect(cam.store.totalBytes).toBeLessThanOrEqual(512 * 1024);
    expect(cam.store.path(ids[0]!)).toBeUndefined();
  });

  it('periodic probe: cable cut -> camera.offline (unreachable), back -> camera.online; snapshots refused while offline', async () => {
    const { sim, cam, events, presence } = await setup();
    await cam.start();
    await cam.ready;
    sim.goOffline();
    await waitFor(() => events.some((e) => e.type === 'camera.offline'));
    expect(events.find((e) => e.type === 'camera.offline')).toMatchObject({ data: { reason: 'unreachable' } });
    expect(presence.at(-1)).toEqual({ online: false, reason: 'probe_failed' });
    await expect(cam.execute({ action: 'camera.snapshot', params: { reason: 'command' } }, { commandId: 'x' })).resolves.toMatchObject({ code: 'DEVICE_OFFLINE' });
    sim.goOnline();
    await waitFor(() => events.filter((e) => e.type === 'camera.online').length === 2);
    expect(presence.at(-1)).toEqual({ online: true });
  });

  it('PullPoint: motion and tamper notifications become camera events (changes only)', async () => {
    const { sim, cam, events } = await setup();
    await cam.start();
    await cam.ready;
    await waitFor(() => sim.subscriptions === 1 && sim.calls.includes('PullMessages'));
    sim.emitMotion(true);
    sim.emitMotion(true);
    await waitFor(() => events.some((e) => e.type === 'camera.motion'));
    sim.emitTamper(true);
    sim.notify({ topic: 'tns1:RuleEngine/CellMotionDetector/Motion', source: { VideoSourceConfigurationToken: 'vsc1' }, data: { IsMotion: 'false' }, time: new Date() });
    await waitFor(() => events.some((e) => e.type === 'camera.tamper') && events.filter((e) => e.type === 'camera.motion').length === 2);
    const motion = events.filter((e) => e.type === 'camera.motion').map((e) => e.data);
    expect(motion).toEqual([
      { active: true, source: 'VideoSource/MotionAlarm' },
      { active: false, source: 'RuleEngine/CellMotionDetector/Motion' },
    ]);
    expect(events.find((e) => e.type === 'camera.tamper')).toMatchObject({ data: { active: true } });
    await cam.stop();
    await waitFor(() => sim.calls.includes('Unsubscribe'));
  });

  it('the state a subscription starts with is a resync: a camera already tampered raises nothing until it changes', async () => {
    const { sim, cam, events } = await setup();
    sim.emitTamper(true); // before anyone subscribed: the camera is covered already
    await cam.start();
    await cam.ready;
    await waitFor(() => sim.calls.filter((c) => c === 'PullMessages').length >= 2);
    expect(events.filter((e) => e.type === 'camera.tamper')).toEqual([]);
    sim.emitTamper(false);
    await waitFor(() => events.some((e) => e.type === 'camera.tamper'));
    expect(events.filter((e) => e.type === 'camera.tamper').map((e) => e.data)).toEqual([{ active: false, detail: 'VideoSource/GlobalSceneChange/ImagingService' }]);
  });

  it('a PullPoint subscription the camera forgot is re-created at the next probe', async () => {
    const { sim, cam, events } = await setup();
    await cam.start();
    await cam.ready;
    await waitFor(() => sim.subscriptions === 1);
    const created = () => sim.calls.filter((c) => c === 'CreatePullPointSubscription').length;
    sim.dropSubscriptions();
    await waitFor(() => created() === 2 && sim.subscriptions === 1);
    sim.emitMotion(true);
    await waitFor(() => events.some((e) => e.type === 'camera.motion'));
    expect(events.some((e) => e.type === 'camera.offline')).toBe(false);
  });

  it('an unreachable camera at start is not offline during the start-up grace', async () => {
    const { sim, cam, events } = await setup({}, { startupGraceMs: 60_000 });
    sim.goOffline();
    await cam.start();
    await cam.ready;
    await new Promise((r) => setTimeout(r, 600));
    expect(events.filter((e) => e.type === 'camera.offline')).toHaveLength(0);
    sim.goOnline();
    await waitFor(() => events.some((e) => e.type === 'camera.online'));
  });
});
