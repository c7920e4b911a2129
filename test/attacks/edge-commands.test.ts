/**
 * Attack part `edge-commands`: anything on the cloud link that is not the cloud (here another client
 * of the same MQTT broker) forging, replaying and stretching gate commands, and forging batch acks.
 * A gate (gate-1, a real MQTT login) listens on its command topic: a forged command that reaches it
 * got in. A forged ack that makes the edge drop events it never had acked got in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import {
  decodePayload, deviceCommand, encode, newId, SCHEMA_VERSION, topics, type Command, type DeviceCommand,
} from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand } from '@yardguard/firmware-config/node';
import { waitFor } from '@yardguard/test/servers';
import { createTally } from './helpers/tally.js';
import { deviceLogin, GATEWAY_ID, tryConnect } from './helpers/edge-agent.js';
import { sign } from './helpers/cloud-peer.js';
import { alarmPress, startEdgeUnderAttack, type EdgeUnderAttack } from './helpers/edge-under-attack.js';

const tally = createTally('edge-commands');
let t: EdgeUnderAttack;
let gate: MqttClient;
let attacker: MqttClient;
const atGate: DeviceCommand[] = [];

beforeAll(async () => {
  t = await startEdgeUnderAttack();
  gate = await tryConnect(t.edge.url, { ...deviceLogin('gate-1'), reconnectPeriod: 500 });
  await gate.subscribeAsync(topics.deviceCommand('gate-1'), { qos: 1 });
  gate.on('message', (_topic, payload) => {
    const r = decodePayload(deviceCommand, payload);
    if (!r.ok) return;
    atGate.push(r.value);
    // Answer like the gate firmware: opened.
    void gate.publishAsync(topics.deviceCommandResult('gate-1'), encode({
      v: SCHEMA_VERSION, commandId: r.value.id, deviceId: 'gate-1', status: 'ok', outcome: 'opened', latencyMs: 5, completedAt: new Date().toISOString(),
    }), { qos: 1 });
  });
  await gate.publishAsync(topics.deviceAvailability('gate-1'), 'online', { qos: 1, retain: true });
  attacker = await mqtt.connectAsync(t.mosquitto.url, { protocolVersion: 4, clientId: 'not-the-cloud', reconnectPeriod: 0 });
}, 120_000);
afterAll(async () => {
  await attacker?.endAsync(true);
  await gate?.endAsync(true);
  await t?.stop();
  const r = tally.report();
  expect(r.let_in, 'attacks that got in').toEqual([]);
  expect(r.crashed, 'attacks that crashed or stopped the edge').toBe(0);
});

const sendAsAttacker = (payload: string | Buffer) => attacker.publishAsync(topics.gatewayCommand(GATEWAY_ID), payload, { qos: 1 });
/** The edge answers every command it refuses with a result naming the reason. */
const resultFor = (id: string) => t.peer.results.find((r) => r.commandId === id);

describe('gate commands on the cloud link', () => {
  it('a command the cloud signed opens the gate (control: the path works)', async () => {
    const cmd = t.peer.command();
    await t.peer.client.publishAsync(topics.gatewayCommand(GATEWAY_ID), sign(t.peer, cmd), { qos: 1 });
    await waitFor(() => atGate.some((c) => c.id === cmd.id), { timeoutMs: 20_000, message: 'the signed command at the gate' });
    await waitFor(() => resultFor(cmd.id)?.status === 'ok', { timeoutMs: 20_000, message: 'ok result at the cloud' });
  }, 60_000);

  it('refuses forged, tampered, expired, replayed and misdirected commands; none reaches the gate', async () => {
    const other = generateSigningKeyPair();
    const now = Date.now();
    const attempts: [string, Command | null, string | Buffer][] = [];
    const add = (what: string, cmd: Command | null, payload: string | Buffer) => attempts.push([what, cmd, payload]);

    let c = t.peer.command();
    add('signed with another key', c, encode(signCommand(c, other.privateKey)));
    c = t.peer.command();
    add('signed by the cloud, then deviceId changed', { ...c, deviceId: 'gate-2' }, encode({ ...signCommand(c, t.peer.privateKey), command: { ...c, deviceId: 'gate-2' } }));
    c = t.peer.command();
    add('signed by the cloud, then gate.open turned into hold_open 3600 s', { ...c, action: 'gate.hold_open', params: { durationS: 3600 } } as Command,
      encode({ ...signCommand(c, t.peer.privateKey), command: { ...c, action: 'gate.hold_open', params: { durationS: 3600 } } }));
    c = t.peer.command();
    add('signed by the cloud, then expiry moved a day ahead', { ...c, expiresAt: new Date(now + 86_400_000).toISOString() },
      encode({ ...signCommand(c, t.peer.privateKey), command: { ...c, expiresAt: new Date(now + 86_400_000).toISOString() } }));
    c = t.peer.command();
    add('garbage signature', c, encode({ v: SCHEMA_VERSION, command: c, sig: Buffer.alloc(64, 7).toString('base64') }));
    c = t.peer.command();
    add('no signature', c, encode({ v: SCHEMA_VERSION, command: c }));
    c = t.peer.command();
    add('empty signature', c, encode({ v: SCHEMA_VERSION, command: c, sig: '' }));
    c = t.peer.command();
    add('the bare command, unsigned', c, encode(c));
    c = t.peer.command();
    add('the signature of another command', c, encode({ v: SCHEMA_VERSION, command: c, sig: signCommand(t.peer.command(), t.peer.privateKey).sig }));
    c = t.peer.command({ issuedAt: new Date(now - 120_000).toISOString(), expiresAt: new Date(now - 60_000).toISOString() });
    add('expired a minute ago (signed by the cloud)', c, sign(t.peer, c));
    c = t.peer.command({ issuedAt: new Date(now - 86_400_000).toISOString(), expiresAt: new Date(now - 86_300_000).toISOString() });
    add('captured yesterday (signed by the cloud)', c, sign(t.peer, c));
    c = t.peer.command({ gatewayId: 'gw-another-yard' });
    add('signed by the cloud for another gateway', c, sign(t.peer, c));
    c = t.peer.command({ deviceId: 'gate-9' });
    add('signed by the cloud for an unknown device', c, sign(t.peer, c));
    c = t.peer.command({ action: 'config.push', deviceId: GATEWAY_ID, params: { configVersion: 999, config: { gates: [] } } } as Partial<Command>);
    add('forged config push (another key)', c, encode(signCommand(c, other.privateKey)));

    for (const [, , payload] of attempts) await sendAsAttacker(payload);
    // Replays: the control command (already executed) sent again, twice.
    const first = t.peer.command();
    await t.peer.client.publishAsync(topics.gatewayCommand(GATEWAY_ID), sign(t.peer, first), { qos: 1 });
    await waitFor(() => atGate.some((x) => x.id === first.id), { timeoutMs: 20_000, message: 'the original command at the gate' });
    await sendAsAttacker(sign(t.peer, first));
    await sendAsAttacker(sign(t.peer, first));
    attempts.push(['replayed command (twice)', first, '']);

    // Everything the edge refused comes back as an error result; wait for those, then for a fresh
    // valid command to pass (commands are handled in order), then look at what reached the gate.
    const last = t.peer.command();
    await t.peer.client.publishAsync(topics.gatewayCommand(GATEWAY_ID), sign(t.peer, last), { qos: 1 });
    await waitFor(() => atGate.some((x) => x.id === last.id), { timeoutMs: 30_000, message: 'the last valid command at the gate' });
    for (const [what, cmd] of attempts) {
      if (!cmd) continue;
      const executed = atGate.filter((x) => x.id === cmd.id).length;
      const allowed = cmd === first ? 1 : 0;
      if (executed > allowed) tally.letIn(`${what}: reached the gate`);
      else tally.refused(what);
    }
    expect(await t.stillServes(tally, 'forged commands')).toBe(true);
  }, 120_000);

  it('survives malformed command payloads on the command topic', async () => {
    const junk: (string | Buffer)[] = ['', '{', 'null', '[]', '{"v":1}', '{"v":1,"command":null,"sig":"x"}', encode({ v: 1, command: { __proto__: { polluted: 1 } }, sig: 'A'.repeat(88) }),
      Buffer.alloc(300 * 1024, 0x7b), encode({ v: 2, command: t.peer.command(), sig: 'A'.repeat(88) }), Buffer.from([0xff, 0xfe, 0xfd])];
    for (const j of junk) await sendAsAttacker(j);
    const before = atGate.length;
    const ok = t.peer.command();
    await t.peer.client.publishAsync(topics.gatewayCommand(GATEWAY_ID), sign(t.peer, ok), { qos: 1 });
    await waitFor(() => atGate.some((x) => x.id === ok.id), { timeoutMs: 30_000, message: 'a valid command after the junk' });
    for (const [i] of junk.entries()) {
      if (atGate.length - before > 1) tally.letIn(`junk command #${i} reached the gate`);
      else tally.refused(`junk command #${i}`);
    }
    expect(await t.stillServes(tally, 'malformed commands')).toBe(true);
  }, 60_000);
});

describe('batch acks on the cloud link', () => {
  it('acks for batches the edge never sent (or naming events they did not carry) do not drop events', async () => {
    t.peer.holdAcks = true;
    const ids = Array.from({ length: 5 }, () => newId());
    for (const id of ids) await t.legit.publishAsync(topics.deviceEvent('column-2'), alarmPress(id), { qos: 1 });
    await waitFor(() => ids.every((id) => t.peer.deliveries.has(id)), { timeoutMs: 60_000, message: 'the held events at the cloud' });
    const seqs = t.peer.events.filter((e) => ids.includes(e.id)).map((e) => e.seq);
    const sentBatch = t.peer.batchIds.at(-1)!;
    const forged = [
      ['ack for a batch never sent', { batchId: newId().replace(/-/g, ''), committed: seqs, rejected: [] }],
      ['ack rejecting the events (dead-letter them) for a batch never sent', { batchId: 'never-sent-batch', committed: [], rejected: seqs.map((seq) => ({ seq, error: 'forged' })) }],
      ['ack for the real batch naming seqs it did not carry', { batchId: sentBatch, committed: seqs.map((s) => s + 1000), rejected: [] }],
    ] as const;
    for (const [, ack] of forged) {
      await attacker.publishAsync(topics.gatewayAck(GATEWAY_ID), encode({ v: SCHEMA_VERSION, gatewayId: GATEWAY_ID, cloudTime: new Date().toISOString(), ...ack }), { qos: 1 });
    }
    // The real cloud acks again from now on: whatever the edge still holds is resent (after its ack
    // timeout) and acked. Events a forged ack removed are never resent, so never acked by the cloud.
    t.peer.holdAcks = false;
    const resent = await waitFor(() => ids.every((id) => t.peer.acked.has(id)), { timeoutMs: 60_000, message: 'resend' }).then(() => true, () => false);
    for (const [what] of forged) {
      if (resent) tally.refused(what);
      // Closed by issue 9's forwarder, which matches acks to the batches it sent.
      else tally.letIn(`${what}: the edge dropped events it never had acked (acks must be matched to sent batches: issue 9's forwarder)`);
    }
    expect(await t.stillServes(tally, 'forged acks')).toBe(true);
    expect(resent, 'forged acks made the edge drop unacked events: the forwarder must match acks to the batches it sent (issue 9)').toBe(true);
  }, 120_000);
});
