/**
 * One attack target: mosquitto as the cloud link, the cloud's side speaking the contract on it
 * (CloudPeer), the edge agent as a child process, and a legitimate alarm column (column-2, from
 * 127.0.0.1) that proves after each group of attacks that alarms still get through end to end.
 */
import { connect, type Socket } from 'node:net';
import type { MqttClient } from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { startMosquitto, waitFor, type MosquittoServer } from '@yardguard/test/servers';
import { startCloudPeer, type CloudPeer } from './cloud-peer.js';
import { deviceLogin, GATEWAY_ID, startEdgeAgent, tryConnect, type EdgeAgent } from './edge-agent.js';
import type { Tally } from './tally.js';

export interface EdgeUnderAttack {
  edge: EdgeAgent;
  peer: CloudPeer;
  mosquitto: MosquittoServer;
  /** column-2, logged in from 127.0.0.1 before any attack. */
  legit: MqttClient;
  /**
   * An alarm from the legitimate column reaches the cloud (broker, outbox, forwarder all serve).
   * Records `crashed` in the tally when the agent died or stopped serving.
   */
  stillServes(tally: Tally, after: string): Promise<boolean>;
  /** Did an event with this id reach the cloud? */
  delivered(eventId: string): boolean;
  stop(): Promise<void>;
}

export const alarmPress = (id = newId()) => encode({ v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: {} });

export async function startEdgeUnderAttack(): Promise<EdgeUnderAttack> {
  const mosquitto = await startMosquitto();
  const stops: (() => Promise<unknown>)[] = [() => mosquitto.stop()];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const peer = await startCloudPeer(mosquitto.url, GATEWAY_ID);
    stops.push(() => peer.close());
    const edge = await startEdgeAgent({ cloud: { mqttUrl: mosquitto.url, cloudSigningKey: peer.publicKey } });
    stops.push(() => edge.stop());
    // The first ack teaches the agent cloud time (commands need it).
    await waitFor(() => peer.events.some((e) => e.type === 'gateway.started'), { timeoutMs: 30_000, message: 'gateway.started at the cloud' });
    const legit = await tryConnect(edge.url, { ...deviceLogin('column-2'), reconnectPeriod: 500 });
    stops.push(() => legit.endAsync(true));
    const delivered = (id: string) => peer.events.some((e) => e.id === id);
    const stillServes = async (tally: Tally, after: string) => {
      const died = edge.exited();
      if (died) {
        tally.crashed(`${after}: edge agent ${died}\n${edge.logTail()}`);
        return false;
      }
      const id = newId();
      try {
        await waitFor(() => legit.connected, { timeoutMs: 20_000, message: 'legit column connected' });
        await legit.publishAsync(topics.deviceEvent('column-2'), alarmPress(id), { qos: 1 });
        await waitFor(() => delivered(id), { timeoutMs: 30_000, message: 'canary alarm at the cloud' });
        return true;
      } catch (err) {
        tally.crashed(`${after}: the edge stopped serving alarms (${(err as Error).message}); ${edge.exited() ?? 'still running'}`);
        return false;
      }
    };
    return { edge, peer, mosquitto, legit, stillServes, delivered, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A raw TCP connection from a loopback source address; `closed` resolves when the peer closes it. */
export async function rawConnection(port: number, source = '127.0.0.1'): Promise<{ sock: Socket; closed: Promise<void>; received: () => Buffer }> {
  const sock = connect({ port, host: '127.0.0.1', localAddress: source });
  sock.setNoDelay(true);
  sock.on('error', () => undefined);
  const chunks: Buffer[] = [];
  sock.on('data', (d: Buffer) => chunks.push(d));
  const closed = new Promise<void>((r) => sock.once('close', () => r()));
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', () => resolve());
    sock.once('error', reject);
  });
  return { sock, closed, received: () => Buffer.concat(chunks) };
}

/** Resolves true when `p` settles within `ms`. */
export const within = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
