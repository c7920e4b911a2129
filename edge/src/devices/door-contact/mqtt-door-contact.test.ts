// The MQTT door contact on the real edge agent: its simulator logs in to the edge's aedes broker
// with its own login and speaks the device contract; events land in the outbox, presence comes
// from the agent's one presence model (last will -> device.offline).
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '@yardguard/firmware-config';
import { sampleSiteWith } from '../test-site.js';
import { DoorContactSim } from '../../sim/index.js';
import { startSimulatedEdge, waitFor, type SimulatedEdge } from '../../sim/test-simulated-edge.js';

// Only the household door contact of the small sample.
const site = sampleSiteWith('small', (s) => ({ ...s, gates: [], cameras: [], alarmColumns: [], rules: [] }));

let sim: SimulatedEdge | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('MQTT door contact on the real edge agent', () => {
  it('resync, opened / closed, battery low and tamper are stored; a power cut is device.offline by last will', async () => {
    sim = await startSimulatedEdge(site, { heartbeatMs: 1000 });
    const { edge, compound } = sim;
    const twin = compound.doorContacts.get('door-b2-101');
    expect(twin).toBeInstanceOf(DoorContactSim);
    const door = twin as DoorContactSim;
    const stored = () => (['alarm', 'normal', 'telemetry'] as const).flatMap((l) => edge.outbox().readLane(l, 0, 1000)).map((r) => JSON.parse(r.body) as Event)
      .filter((x) => x.deviceId === 'door-b2-101').sort((a, b) => a.seq - b.seq);

    await waitFor(() => edge.status().devices.find((d) => d.id === 'door-b2-101' && d.kind === 'door_contact' && d.online === true), 'door contact online');
    await door.passThrough(20);
    await door.batteryLow(7);
    await door.tamper(true);
    await waitFor(() => stored().some((x) => x.type === 'door_contact.tamper'), 'tamper stored');
    const types = stored().map((x) => x.type).filter((t) => t !== 'device.online');
    expect(types).toEqual(['door_contact.state', 'door_contact.opened', 'door_contact.closed', 'door_contact.battery_low', 'door_contact.tamper']);
    expect(stored().find((x) => x.type === 'door_contact.battery_low')?.data).toEqual({ percent: 7 });

    door.disconnect();
    const offline = await waitFor(() => stored().find((x) => x.type === 'device.offline'), 'device.offline stored');
    expect(offline.data).toEqual({ kind: 'door_contact', reason: 'last_will' });
    expect(edge.status().devices.find((d) => d.id === 'door-b2-101')?.online).toBe(false);
  });

  it('a wrong password is refused by the broker (each contact has its own login)', async () => {
    sim = await startSimulatedEdge(site, { passwordFor: () => 'wrong-password', connect: false });
    await expect(sim.compound.connectMqtt(sim.brokerUrl)).rejects.toThrow(/Not authorized|Bad username/i);
  });
});
