/**
 * The cloud's side of the gateway link, speaking the contract over a real MQTT broker (mosquitto):
 * receives the edge's event batches, acks them as the cloud does (`committed` = every seq of the
 * batch, with cloudTime), and signs commands with the key the edge pinned. Acking can be held to
 * build up a backlog (the forged-ack attacks). Everything the edge sent is kept for the assertions.
 */
import mqtt, { type MqttClient } from 'mqtt';
import {
  commandResult, decodePayload, encode, eventBatch, newId, SCHEMA_VERSION, topics,
  type Command, type CommandResult,
} from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand } from '@yardguard/firmware-config/node';

export interface ReceivedEvent {
  id: string;
  seq: number;
  type: string;
  deviceId: string;
  data: Record<string, unknown>;
}

export interface CloudPeer {
  publicKey: string;
  privateKey: string;
  events: ReceivedEvent[];
  /** Event ids in batches this peer acked (the cloud stored them). */
  acked: Set<string>;
  /** How many batches carried each event id (a resend counts again). */
  deliveries: Map<string, number>;
  batchIds: string[];
  results: CommandResult[];
  /** While true, batches are recorded but not acked. */
  holdAcks: boolean;
  /** A signed command for the gateway (valid unless fields are overridden). */
  command(over?: Partial<Command>): Command;
  /** The raw client (the attacker uses its own). */
  client: MqttClient;
  close(): Promise<void>;
}

export async function startCloudPeer(url: string, gatewayId: string): Promise<CloudPeer> {
  const keys = generateSigningKeyPair();
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: `cloud-${newId().slice(-8)}`, reconnectPeriod: 500 });
  const peer: CloudPeer = {
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    events: [],
    deliveries: new Map(),
    acked: new Set(),
    batchIds: [],
    results: [],
    holdAcks: false,
    client,
    command(over = {}) {
      const now = Date.now();
      return {
        v: SCHEMA_VERSION, id: newId().replace(/-/g, '').slice(0, 32), gatewayId, deviceId: 'gate-1',
        issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 30_000).toISOString(),
        nonce: newId().replace(/-/g, ''), issuedBy: 'attack-suite', action: 'gate.open', params: {},
        ...over,
      } as Command;
    },
    async close() {
      await client.endAsync(true);
    },
  };
  client.on('message', (topic, payload) => {
    if (topic === topics.gatewayResult(gatewayId)) {
      const r = decodePayload(commandResult, payload);
      if (r.ok) peer.results.push(r.value);
      return;
    }
    if (topic !== topics.gatewayEvents(gatewayId)) return;
    const b = decodePayload(eventBatch, payload);
    if (!b.ok) return;
    peer.batchIds.push(b.value.batchId);
    const seqs: number[] = [];
    for (const e of b.value.events as ReceivedEvent[]) {
      seqs.push(e.seq);
      peer.deliveries.set(e.id, (peer.deliveries.get(e.id) ?? 0) + 1);
      if (!peer.events.some((x) => x.id === e.id)) peer.events.push(e);
    }
    if (peer.holdAcks) return;
    for (const e of b.value.events as ReceivedEvent[]) peer.acked.add(e.id);
    void client.publishAsync(topics.gatewayAck(gatewayId), encode({
      v: SCHEMA_VERSION, gatewayId, batchId: b.value.batchId, committed: seqs, rejected: [], cloudTime: new Date().toISOString(),
    }), { qos: 1 });
  });
  await client.subscribeAsync([topics.gatewayEvents(gatewayId), topics.gatewayResult(gatewayId)], { qos: 1 });
  return peer;
}

export function sign(peer: CloudPeer, cmd: Command): string {
  return encode(signCommand(cmd, peer.privateKey));
}
