import { describe, expect, it } from 'vitest';
import { decodePayload, deviceCommand, topics } from '@yardguard/firmware-config';
import { createTestContext } from './test-context.js';
import { sampleSite } from './test-site.js';
import { createMqttCommandLink } from './mqtt-command-link.js';

const site = sampleSite('small');
const result = (over: Record<string, unknown> = {}) => ({ v: 1, commandId: 'c1', deviceId: 'column-1', status: 'ok', outcome: 'siren_started', latencyMs: 3, completedAt: new Date().toISOString(), ...over });

describe('MQTT command link', () => {
  it('publishes a deviceCommand on the device topic and resolves with the matching result', async () => {
    const t = createTestContext({ site, deviceId: 'column-1', kind: 'alarm_column' });
    const link = createMqttCommandLink('column-1', t.ctx, 1000);
    const p = link.send({ action: 'siren.start', params: { pattern: 'alarm', durationS: 5 } }, { commandId: 'c1' });
    await Promise.resolve();
    expect(t.published[0]!.topic).toBe(topics.deviceCommand('column-1'));
    const sent = decodePayload(deviceCommand, t.published[0]!.payload);
    expect(sent.ok && sent.value).toMatchObject({ id: 'c1', action: 'siren.start', params: { pattern: 'alarm', durationS: 5 } });
    // garbage, a result for another device and an unknown command are dropped without effect
    link.onResult('{not json');
    link.onResult(Buffer.from(JSON.stringify({ hello: 1 })));
    link.onResult(result({ deviceId: 'gate-main' }));
    link.onResult(result({ commandId: 'other' }));
    expect(link.pending).toBe(1);
    link.onResult(Buffer.from(JSON.stringify(result())));
    await expect(p).resolves.toEqual({ status: 'ok', outcome: 'siren_started' });
    expect(link.pending).toBe(0);
  });

  it('device errors pass through; a failed publish is DEVICE_OFFLINE', async () => {
    const t = createTestContext({ site, deviceId: 'column-1', kind: 'alarm_column' });
    const link = createMqttCommandLink('column-1', t.ctx, 1000);
    const p = link.send({ action: 'siren.stop', params: {} }, { commandId: 'c1' });
    link.onResult(result({ status: 'error', outcome: undefined, error: { code: 'UNSUPPORTED', message: 'no siren fitted' } }));
    await expect(p).resolves.toEqual({ status: 'error', code: 'UNSUPPORTED', message: 'no siren fitted' });

    const broken = createTestContext({ site, deviceId: 'column-1', kind: 'alarm_column', local: { publish: () => Promise.reject(new Error('broker stopped')) } });
    const l2 = createMqttCommandLink('column-1', broken.ctx, 1000);
    await expect(l2.send({ action: 'siren.stop', params: {} }, { commandId: 'c2' })).resolves.toMatchObject({ code: 'DEVICE_OFFLINE' });
  });
});
