import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateSiteConfig, listDevices } from './site.js';
import { resolveRelay, type GpioGateConfig } from '../kinds/gate.js';
import { relayBoards } from './relay-boards.js';

const sample = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../provisioning/samples/${name}.json`, import.meta.url)), 'utf8'));

const HASH = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==';
const minimal = () => ({
  version: 1,
  compound: { id: 'c1', name: '和兴巷12号院' },
  gateway: { id: 'gw1' },
  gates: [
    { id: 'gate-a', name: '大门', driver: 'gpio', relayPin: 17, doorContactPin: 27 },
    { id: 'gate-b', name: '侧门', driver: 'gpio', relayPin: 22 },
  ],
  cameras: [{ id: 'cam-1', name: '大门摄像头', onvif: { xaddr: 'http://192.168.1.64/onvif/device_service' }, covers: ['gate-a'] }],
  alarmColumns: [{ id: 'col-1', name: '报警柱', driver: 'mqtt', mqtt: { username: 'col-1', passwordHash: HASH }, near: ['gate-a'] }],
  rules: [{ id: 'forced', when: { event: 'gate.forced_open' }, then: [{ do: 'siren' }, { do: 'snapshot' }, { do: 'alert', severity: 'critical', title: '强行开门' }] }],
});

function errorsOf(mutate: (c: ReturnType<typeof minimal>) => unknown): string {
  const c = minimal();
  const input = mutate(c) ?? c;
  const r = validateSiteConfig(input);
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.error;
}

describe('site config', () => {
  it.each(['small-compound', 'large-compound'])('accepts the %s sample', (name) => {
    const r = validateSiteConfig(sample(name));
    expect(r.ok ? 'ok' : r.error).toBe('ok');
  });

  it('fills defaults', () => {
    const r = validateSiteConfig(minimal());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const gate = r.value.gates[0] as GpioGateConfig;
    expect(gate.pulseMs).toBe(3000);
    expect(gate.heldOpenS).toBe(60);
    expect(r.value.gateway.broker.port).toBe(1883);
    expect(r.value.rules[0]!.then[0]).toEqual({ do: 'siren', column: 'nearest', pattern: 'alarm', durationS: 30 });
    expect(listDevices(r.value).map((d) => d.kind)).toEqual(['gate', 'gate', 'camera', 'alarm_column']);
  });

  const broken: [string, (c: ReturnType<typeof minimal>) => unknown, string][] = [
    ['a pin used twice', (c) => { (c.gates[1] as { relayPin: number }).relayPin = 17; }, 'gates[1].relayPin: pin 17 is already used by gates[0]'],
    ['a door contact on a relay pin', (c) => { c.gates[1]!.relayPin = 27; }, 'gates[1].relayPin: pin 27 is already used by gates[0]'],
    ['a pin out of range', (c) => { c.gates[0]!.relayPin = 40; }, 'gates[0].relayPin: BCM pins are 0-27'],
    ['a duplicate device id', (c) => { c.cameras[0]!.id = 'gate-a'; }, 'cameras[0].id: id "gate-a" is already used by gates[0]'],
    ['an unknown key', (c) => { (c.gates[0] as Record<string, unknown>).relayPn = 3; }, 'gates[0]: Unrecognized key: "relayPn"'],
    ['an unknown driver', (c) => { (c.gates[0] as Record<string, unknown>).driver = 'zigbee'; }, "gates[0].driver: Invalid discriminator value. Expected 'gpio' | 'mqtt'"],
    ['a gpio gate without relay', (c) => { delete (c.gates[0] as { relayPin?: number }).relayPin; }, 'gates[0].relayPin: a gpio gate needs relayPin or relay: { board, channel }'],
    ['a camera covering a missing gate', (c) => { c.cameras[0]!.covers = ['gate-x']; }, 'cameras[0].covers[0]: no gate with id "gate-x"'],
    ['a column near a missing gate', (c) => { c.alarmColumns[0]!.near = ['nope']; }, 'alarmColumns[0].near[0]: no gate with id "nope"'],
    ['a rule naming a missing device', (c) => { (c.rules[0]!.when as { devices?: string[] }).devices = ['ghost']; }, 'rules[0].when.devices[0]: no device with id "ghost"'],
    ['a rule sounding a missing column', (c) => { c.rules[0]!.then[0] = { do: 'siren', column: 'col-9' } as never; }, 'rules[0].then[0].column: no alarm column with id "col-9"'],
    ['a rule on an unknown event', (c) => { c.rules[0]!.when.event = 'gate.sneezed'; }, 'rules[0].when.event: Invalid option'],
    ['a plain-text device password', (c) => { c.alarmColumns[0]!.mqtt.passwordHash = 'secret'; }, 'alarmColumns[0].mqtt.passwordHash: must be a scrypt hash'],
    ['a bad camera address', (c) => { c.cameras[0]!.onvif.xaddr = 'not a url'; }, 'cameras[0].onvif.xaddr: Invalid URL'],
    ['an unknown config version', (c) => { (c as { version: number }).version = 9; }, 'version: unsupported config version 9 (supported: 1)'],
    ['a relay board channel that does not exist', (c) => {
      delete (c.gates[0] as { relayPin?: number }).relayPin;
      (c.gates[0] as Record<string, unknown>).relay = { board: 'waveshare-rpi-relay-3ch', channel: 4 };
    }, 'gates[0].relay.channel: board waveshare-rpi-relay-3ch has channels 1, 2, 3'],
    ['a relay board pin clashing with a contact', (c) => {
      delete (c.gates[0] as { relayPin?: number }).relayPin;
      (c.gates[0] as Record<string, unknown>).relay = { board: 'sb-pirelay-v2-4ch', channel: 1 };
      c.gates[0]!.doorContactPin = 5;
    }, 'gates[0].doorContactPin: pin 5 is already used by gates[0]'],
    ['a duplicate MQTT username', (c) => {
      c.gates[1] = { id: 'gate-b', name: '侧门', driver: 'mqtt', mqtt: { username: 'col-1', passwordHash: HASH } } as never;
    }, 'alarmColumns[0].mqtt.username: username "col-1" is already used by gates[1]'],
    ['a door contact on a gate\'s pin', (c) => {
      (c as Record<string, unknown>).doorContacts = [{ id: 'door-401', name: '401门磁', driver: 'gpio', pin: 27 }];
    }, 'doorContacts[0].pin: pin 27 is already used by gates[0]'],
    ['a door contact with a column\'s login', (c) => {
      (c as Record<string, unknown>).doorContacts = [{ id: 'door-401', name: '401门磁', driver: 'mqtt', mqtt: { username: 'col-1', passwordHash: HASH } }];
    }, 'doorContacts[0].mqtt.username: username "col-1" is already used by alarmColumns[0]'],
    ['a door contact with a gate\'s id', (c) => {
      (c as Record<string, unknown>).doorContacts = [{ id: 'gate-b', name: '401门磁', driver: 'gpio', pin: 4 }];
    }, 'doorContacts[0].id: id "gate-b" is already used by gates[1]'],
    ['a door contact on an unknown driver', (c) => {
      (c as Record<string, unknown>).doorContacts = [{ id: 'door-401', name: '401门磁', driver: 'zigbee' }];
    }, "doorContacts[0].driver: Invalid discriminator value. Expected 'mqtt' | 'gpio'"],
  ];
  it.each(broken)('rejects %s with a message naming the path', (_what, mutate, expected) => {
    expect(errorsOf(mutate)).toContain(expected);
  });

  it('accepts door contacts (MQTT and GPIO) with defaults, listed after the other kinds', () => {
    const c = minimal() as Record<string, unknown>;
    c.doorContacts = [
      { id: 'door-401', name: '401门磁', flat: '3号楼2单元401', driver: 'mqtt', mqtt: { username: 'door-401', passwordHash: HASH } },
      { id: 'door-101', name: '101门磁', driver: 'gpio', pin: 4 },
    ];
    const r = validateSiteConfig(c);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.doorContacts[1]).toMatchObject({ openLevel: 'high', debounceMs: 50 });
    expect(listDevices(r.value).slice(-2)).toEqual([
      { id: 'door-401', kind: 'door_contact', name: '401门磁' },
      { id: 'door-101', kind: 'door_contact', name: '101门磁' },
    ]);
  });

  it('lists the devices of a config stored before a kind existed (no list for it)', () => {
    const r = validateSiteConfig(minimal());
    if (!r.ok) throw new Error(r.error);
    const { doorContacts: _gone, ...old } = r.value;
    expect(listDevices(old as typeof r.value).map((d) => d.kind)).toEqual(['gate', 'gate', 'camera', 'alarm_column']);
  });

  it('reports every problem at once, one per line', () => {
    const err = errorsOf((c) => {
      c.gates[1]!.relayPin = 17;
      c.cameras[0]!.covers = ['gate-x'];
    });
    expect(err.split('\n')).toHaveLength(2);
  });

  it('resolves relay-board templates to pin and level', () => {
    const r = validateSiteConfig(sample('small-compound'));
    if (!r.ok) throw new Error(r.error);
    const gate = r.value.gates[0] as GpioGateConfig;
    expect(resolveRelay(gate)).toEqual({ pin: relayBoards['waveshare-rpi-relay-3ch'].channels[1], activeLevel: 'low' });
    expect(resolveRelay({ ...gate, relay: undefined, relayPin: 4, activeLevel: undefined })).toEqual({ pin: 4, activeLevel: 'high' });
  });
});

describe('site config JSON Schema', () => {
  it('exports the shape with defaults for form generation', async () => {
    const { siteConfigJsonSchema } = await import('./site.js');
    const schema = siteConfigJsonSchema() as { properties: Record<string, { type?: string }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['compound', 'gateway', 'gates', 'cameras', 'alarmColumns', 'doorContacts', 'rules']));
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'compound', 'gateway']));
  });
});
