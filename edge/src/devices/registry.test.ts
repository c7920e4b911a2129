import { describe, expect, it } from 'vitest';
import { deviceKinds, type DeviceKind } from '@yardguard/firmware-config';
import { adapterFactories, createAdapters } from './registry.js';
import { createTestContext } from './test-context.js';
import { sampleSite } from './test-site.js';

describe('device registry', () => {
  it('builds one adapter per configured device with its kind (large compound: both drivers)', () => {
    const site = sampleSite('large');
    const asked: string[] = [];
    const adapters = createAdapters(site, (id, kind) => {
      asked.push(`${kind}:${id}`);
      return createTestContext({ site, deviceId: id, kind }).ctx;
    });
    const expected = [
      ...site.gates.map((g) => `gate:${g.id}`),
      ...site.cameras.map((c) => `camera:${c.id}`),
      ...site.alarmColumns.map((a) => `alarm_column:${a.id}`),
      ...site.doorContacts.map((d) => `door_contact:${d.id}`),
    ];
    expect(adapters.map((a) => `${a.kind}:${a.id}`)).toEqual(expected);
    expect(asked).toEqual(expected);
  });

  it('every kind has a factory (and the typecheck enforces it)', () => {
    // @ts-expect-error a table without the camera kind does not satisfy Record<DeviceKind, ...>
    const missing = { gate: adapterFactories.gate, alarm_column: adapterFactories.alarm_column } satisfies Record<DeviceKind, unknown>;
    expect(Object.keys(missing)).toHaveLength(2);
    expect(Object.keys(adapterFactories).sort()).toEqual([...deviceKinds].sort());
  });
});
