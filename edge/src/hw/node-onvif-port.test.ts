// The node-onvif port against the simulator: WS-Discovery (unicast to the simulator's loopback UDP
// socket: multicast cannot be relied on in a test sandbox), profiles, and a camera without events.
import { afterEach, describe, expect, it } from 'vitest';
import { OnvifCameraSim } from '../sim/onvif-camera-sim.js';
import { createNodeOnvifPort } from './node-onvif-port.js';
import { parseNotifications } from './onvif-pullpoint.js';
import { loadNodeOnvifSoap } from './node-onvif-types.js';
import { cameraEventOf } from '../devices/camera/onvif-events.js';
import type { DiscoveredCamera } from './onvif-port.js';
// fixed-dates-ok: parsing the UtcTime of canned ONVIF notifications; no clock is read.

const sims: OnvifCameraSim[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop();
});

describe('node-onvif port', () => {
  it('WS-Discovery finds the simulator through node-onvif startProbe, with progress callbacks', async () => {
    const sim = new OnvifCameraSim({ discovery: true, name: 'Gate Cam', model: 'SimCam IPC-2' });
    sims.push(sim);
    const xaddr = await sim.start();
    const port = createNodeOnvifPort({ discoveryTarget: { address: '127.0.0.1', port: sim.discoveryPort } });
    const found: DiscoveredCamera[] = [];
    // Generous window (the simulator answers at once; a loaded machine may not run us at once).
    const list = await port.discover({ timeoutMs: 3000, onFound: (c) => found.push(c) });
    expect(list).toEqual([{ xaddr, name: 'Gate Cam', hardware: 'SimCam-IPC-2', urn: sim.urn }]);
    expect(found).toEqual(list);
  });

  it('profiles carry the snapshot and stream URIs; a camera without events gives null', async () => {
    const sim = new OnvifCameraSim({ user: 'admin', pass: 'p', events: false });
    sims.push(sim);
    const xaddr = await sim.start();
    const cam = createNodeOnvifPort().connect({ xaddr, user: 'admin', pass: 'p' });
    await cam.init();
    expect(await cam.profiles()).toEqual([
      { token: 'profile_1', name: 'mainStream', snapshotUri: `${sim.base}/onvif/snapshot.jpg`, streamUri: 'rtsp://127.0.0.1:554/Streaming/Channels/101' },
    ]);
    await expect(cam.subscribeEvents(() => undefined)).resolves.toBeNull();
    await expect(cam.probe()).resolves.toBeUndefined();
  });

  it('parses PullMessages notifications the way cameras send them', async () => {
    const xml = `<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tev="http://www.onvif.org/ver10/events/wsdl" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tns1="http://www.onvif.org/ver10/topics"><env:Body><tev:PullMessagesResponse><tev:CurrentTime>2026-11-24T02:00:00Z</tev:CurrentTime>
      <wsnt:NotificationMessage><wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RuleEngine/CellMotionDetector/Motion</wsnt:Topic><wsnt:Message><tt:Message UtcTime="2026-11-24T01:59:59Z" PropertyOperation="Changed"><tt:Source><tt:SimpleItem Name="VideoSourceConfigurationToken" Value="VideoSourceToken"/><tt:SimpleItem Name="Rule" Value="MyMotionDetectorRule"/></tt:Source><tt:Data><tt:SimpleItem Name="IsMotion" Value="true"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>
      <wsnt:NotificationMessage><wsnt:Topic Dialect="x">tns1:VideoSource/ImageTooDark/AnalyticsService</wsnt:Topic><wsnt:Message><tt:Message UtcTime="2026-11-24T02:00:00Z"><tt:Source><tt:SimpleItem Name="Source" Value="1"/></tt:Source><tt:Data><tt:SimpleItem Name="State" Value="true"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>
      <wsnt:NotificationMessage><wsnt:Topic Dialect="x">tns1:Device/Trigger/DigitalInput</wsnt:Topic><wsnt:Message><tt:Message UtcTime="2026-11-24T02:00:00Z"><tt:Data><tt:SimpleItem Name="LogicalState" Value="true"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>
      </tev:PullMessagesResponse></env:Body></env:Envelope>`;
    const parsed = await loadNodeOnvifSoap().parse(xml);
    const events = parseNotifications((parsed.Body as Record<string, unknown>).PullMessagesResponse as Record<string, unknown>);
    expect(events.map((e) => e.topic)).toEqual(['tns1:RuleEngine/CellMotionDetector/Motion', 'tns1:VideoSource/ImageTooDark/AnalyticsService', 'tns1:Device/Trigger/DigitalInput']);
    expect(events[0]!.data).toEqual({ VideoSourceConfigurationToken: 'VideoSourceToken', Rule: 'MyMotionDetectorRule', IsMotion: 'true' });
    expect(events[0]!.time.toISOString()).toBe('2026-11-24T01:59:59.000Z');
    expect(events.map(cameraEventOf)).toEqual([
      { type: 'camera.motion', data: { active: true, source: 'RuleEngine/CellMotionDetector/Motion' } },
      { type: 'camera.tamper', data: { active: true, detail: 'VideoSource/ImageTooDark/AnalyticsService' } },
      null,
    ]);
  });
});
