// startSimulatedCompound on the large sample: every device gets its twin; the real adapters talk
// to them over aedes (MQTT), HTTP (ONVIF) and the FakeGpio.
import { afterEach, describe, expect, it } from 'vitest';
import { siteConfig } from '@yardguard/firmware-config';
import { sampleSite } from '../devices/test-site.js';
import { startMqttHarness, type MqttHarness } from '../devices/test-mqtt-harness.js';
import { createAdapters } from '../devices/registry.js';
import { secretsMapResolver } from '../devices/camera/credentials.js';
import { createNodeOnvifPort } from '../hw/node-onvif-port.js';
import type { DeviceAdapter } from '../devices/types.js';
import { startSimulatedCompound, type SimulatedCompound } from './index.js';

const waitFor = async (cond: () => boolean, ms = 15_000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

let compound: SimulatedCompound | undefined;
let h: MqttHarness | undefined;
let adapters: DeviceAdapter[] = [];
afterEach(async () => {
  for (const a of adapters) await a.stop();
  adapters = [];
  await compound?.stop();
  await h?.close();
  compound = undefined;
  h = undefined;
});

describe('simulated compound', () => {
  it('starts a twin for every device and the real adapters work against them', async () => {
    const input = sampleSite('large');
    compound = await startSimulatedCompound(input, { walkThroughMs: 100, closeAfterMs: 200 });
    // the rewritten config is still a valid site config, pointing at the simulators
    expect(siteConfig.safeParse(compound.site).success).toBe(true);
    expect(Object.keys(compound.cameraUrls)).toEqual(input.cameras.map((c) => c.id));
    expect(compound.site.cameras.every((c) => c.onvif.xaddr.startsWith('http://127.0.0.1:'))).toBe(true);

    h = await startMqttHarness(compound.site);
    const onvif = createNodeOnvifPort();
    const harness = h;
    adapters = createAdapters(
      compound.site,
      (id, kind) => ({ ...harness.context(id, kind).ctx, gpio: compound!.gpio, onvif }),
      { credentials: secretsMapResolver(compound.cameraCredentials) },
    );
    adapters.forEach((a) => harness.add(a));
    await Promise.all(adapters.map((a) => a.start()));
    await compound.connectMqtt(h.url);
    expect([...compound.gates.keys()].sort()).toEqual(input.gates.map((g) => g.id).sort());
    expect([...compound.columns.keys()].sort()).toEqual(input.alarmColumns.map((a) => a.id).sort());
    await waitFor(() => adapters.every((a) => a.status().online));

    // a forced door on a GPIO gate and on an MQTT gate
    await compound.gates.get('gate-bike')!.forceDoor();
    await compound.gates.get('gate-north')!.forceDoor();
    await waitFor(() => ['gate-bike', 'gate-north'].every((id) => h!.contexts.get(id)!.types().includes('gate.forced_open')));

    // a remote open on the GPIO gate: relay -> somebody walks through -> opened, not forced
    const bike = adapters.find((a) => a.id === 'gate-bike')!;
    await compound.gates.get('gate-bike')!.closeDoor();
    await new Promise((r) => setTimeout(r, 200));
    const before = h.contexts.get('gate-bike')!.types().filter((t) => t === 'gate.forced_open').length;
    await expect(bike.execute({ action: 'gate.open', params: { pulseMs: 500 } }, { commandId: 'open-bike' })).resolves.toMatchObject({ status: 'ok', outcome: 'opened' });
    expect(h.contexts.get('gate-bike')!.types().filter((t) => t === 'gate.forced_open')).toHaveLength(before);

    // the GPIO column's button and siren relay
    const yard = compound.columns.get('column-yard')!;
    await yard.pressAlarm();
    await waitFor(() => h!.contexts.get('column-yard')!.types().includes('alarm.button_pressed'));
    const column = adapters.find((a) => a.id === 'column-yard')!;
    await column.execute({ action: 'siren.start', params: { pattern: 'alarm', durationS: 5 } }, { commandId: 'siren-yard' });
    expect((yard as { sirenOn: boolean }).sirenOn).toBe(true);

    // a camera snapshot through its credentials
    const cam = adapters.find((a) => a.kind === 'camera')!;
    await expect(cam.execute({ action: 'camera.snapshot', params: { reason: 'command' } }, { commandId: 'snap' })).resolves.toMatchObject({ status: 'ok' });
  });
});
