// A device kind is declared once, in its firmware-config module (kinds/<kind>.ts), and then needs
// exactly: an edge adapter folder registered in devices/registry.ts, its simulator in the
// simulated compound, a console label, and a device of that kind in a sample site (so the demo and
// the simulator tests run it). This test fails when a kind is in one of those places but not the
// others, or when a README stops naming the places.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deviceKindModules, deviceKindOfEventType, deviceKinds, deviceKindsApi, eventTypes, eventTypesByDeviceKind, exampleEventData,
  kindsTakingAction, listDevices, siteConfigJsonSchema, validateSiteConfig, type DeviceKind, type SiteConfig,
} from '@yardguard/firmware-config';
import { adapterFactories, createAdapters, silentLogger, type DeviceContext } from '@yardguard/edge';
import { startSimulatedCompound } from '@yardguard/edge/sim';
import { startMosquitto } from '@yardguard/test/servers';
import { repoRoot } from './code-files.js';

const read = (rel: string) => readFileSync(join(repoRoot, rel), 'utf8');
const folderOf = (kind: string) => kind.replace(/_/g, '-');
const samples = ['small-compound', 'large-compound'].map((n) => {
  const r = validateSiteConfig(JSON.parse(read(`firmware-config/provisioning/samples/${n}.json`)));
  if (!r.ok) throw new Error(`${n}.json: ${r.error}`);
  return r.value;
});

const ctxFor = (site: SiteConfig) => (deviceId: string, kind: DeviceKind): DeviceContext => ({
  log: silentLogger(), site, emit: () => Promise.reject(new Error('not started')), setOnline: () => undefined,
  gpio: { input: () => { throw new Error('no gpio'); }, output: () => { throw new Error('no gpio'); } } as never,
  onvif: { connect: () => { throw new Error('no onvif'); }, discover: () => Promise.resolve([]) } as never,
  local: { publish: () => Promise.resolve() }, dataDir: `/nonexistent/${kind}/${deviceId}`, now: () => new Date(), monoMs: () => performance.now(),
});

describe('device kinds: one definition each, present everywhere', () => {
  it('the kind list is the registry of firmware-config modules (and the API enum follows it)', () => {
    expect(deviceKinds).toEqual(deviceKindModules.map((m) => m.kind));
    expect(new Set(deviceKinds).size).toBe(deviceKinds.length);
    expect(new Set(deviceKindModules.map((m) => m.siteKey)).size).toBe(deviceKinds.length);
    for (const k of deviceKinds) expect(deviceKindsApi).toContain(k);
  });

  describe.each(deviceKinds)('%s', (kind) => {
    const mod = deviceKindModules.find((m) => m.kind === kind)!;

    it('contract: events with examples, mapped back to the kind; a site-config list; commands that exist', () => {
      const types = mod.events.map((s) => s.shape.type.value as string);
      expect(types.length).toBeGreaterThan(0);
      expect(eventTypesByDeviceKind[kind]).toEqual(types);
      for (const t of types) {
        expect(eventTypes).toContain(t);
        expect(exampleEventData).toHaveProperty([t]);
        expect(deviceKindOfEventType(t)).toBe(kind);
      }
      const schema = siteConfigJsonSchema() as { properties: Record<string, unknown> };
      expect(Object.keys(schema.properties)).toContain(mod.siteKey);
      for (const a of mod.actions) expect(kindsTakingAction(a)).toContain(kind);
    });

    it('a sample site has a device of this kind', () => {
      expect(samples.flatMap((s) => listDevices(s)).some((d) => d.kind === kind)).toBe(true);
    });

    it('edge: an adapter folder, registered, building this kind for every sample device', () => {
      expect(existsSync(join(repoRoot, 'edge/src/devices', folderOf(kind), 'index.ts')), `edge/src/devices/${folderOf(kind)}/index.ts`).toBe(true);
      expect(typeof adapterFactories[kind]).toBe('function');
      for (const site of samples) {
        const wanted = listDevices(site).filter((d) => d.kind === kind).map((d) => d.id);
        const built = createAdapters(site, ctxFor(site)).filter((a) => a.kind === kind).map((a) => a.id);
        expect(built).toEqual(wanted);
      }
    });

    it('simulator: the simulated compound has a twin for every device of this kind (MQTT twins on a real broker)', async () => {
      const broker = await startMosquitto();
      try {
        for (const site of samples) {
          const compound = await startSimulatedCompound(site, { brokerUrl: broker.url });
          try {
            const wanted = listDevices(site).filter((d) => d.kind === kind).map((d) => d.id).sort();
            expect([...compound.twins[kind].keys()].sort()).toEqual(wanted);
          } finally {
            await compound.stop();
          }
        }
      } finally {
        await broker.stop();
      }
    });

    it('console: a label in Chinese and English', () => {
      expect(read('console/src/i18n/zh.ts')).toContain(`'deviceKind.${kind}':`);
      expect(read('console/src/i18n/en.ts')).toContain(`'deviceKind.${kind}':`);
    });
  });

  it('the READMEs name the places a kind lives', () => {
    for (const rel of ['README.md', 'edge/src/devices/README.md']) {
      const text = read(rel);
      for (const place of ['firmware-config/src/kinds/', 'kinds/index.ts', 'edge/src/devices/registry.ts', 'edge/src/sim/', 'console/src/i18n/zh.ts']) {
        expect(text, `${rel} names ${place}`).toContain(place);
      }
    }
  });
});
