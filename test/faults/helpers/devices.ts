/**
 * Simulated devices for the fault scenarios: real MQTT 3.1.1 clients of the edge broker, each
 * publishing QoS 1 events with its own ids, recording every id sent and every PUBACK. A PUBACK is
 * the edge's promise that the event is stored: each of those must reach the cloud.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { COLUMN, GATES } from './system.js';

export interface Fleet {
  /** Event ids published. */
  sent: Set<string>;
  /** Event ids the edge acknowledged (PUBACK). */
  acked: Set<string>;
  /** Ids of alarm events (alarm.button_pressed) among those sent. */
  alarms: Set<string>;
  /** Publish one alarm now; resolves with its id when the edge acknowledged it (stored). */
  alarm(): Promise<string>;
  /** Publish at `perSecond` events/s (spread over the devices) until stop(). */
  run(perSecond: number): void;
  /** Stop publishing; wait (bounded) for outstanding PUBACKs; close the clients. */
  stop(waitMs?: number): Promise<void>;
}

export async function startFleet(brokerPort: number, o: { alarmEvery?: number } = {}): Promise<Fleet> {
  const ids = [...GATES, COLUMN];
  const clients = new Map<string, MqttClient>();
  for (const id of ids) {
    const c = mqtt.connect(`mqtt://127.0.0.1:${brokerPort}`, {
      protocolVersion: 4, clientId: id, username: id, password: `demo-${id}`,
      // A persistent session: after an edge restart the client resends what was not acknowledged.
      clean: false, reconnectPeriod: 250, connectTimeout: 5000, keepalive: 10, resubscribe: false,
    });
    c.on('error', () => undefined);
    clients.set(id, c);
  }
  await Promise.all([...clients.values()].map((c) => new Promise<void>((resolve) => (c.connected ? resolve() : c.once('connect', () => resolve())))));

  const sent = new Set<string>();
  const acked = new Set<string>();
  const alarms = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let n = 0;
  const alarmEvery = o.alarmEvery ?? 50;

  const publishOne = () => {
    n++;
    const isAlarm = n % alarmEvery === 0;
    const device = isAlarm ? COLUMN : GATES[n % GATES.length]!;
    const id = newId();
    const body = isAlarm
      ? { v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: { button: 'main' } }
      : { v: SCHEMA_VERSION, id, type: n % 2 ? 'gate.door_opened' : 'gate.door_closed', data: {} };
    sent.add(id);
    if (isAlarm) alarms.add(id);
    clients.get(device)!.publish(topics.deviceEvent(device), encode(body), { qos: 1 }, (err) => {
      if (!err) acked.add(id);
    });
  };

  return {
    sent, acked, alarms,
    alarm() {
      const id = newId();
      sent.add(id);
      alarms.add(id);
      return new Promise((resolve, reject) => {
        clients.get(COLUMN)!.publish(topics.deviceEvent(COLUMN), encode({ v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: { button: 'main' } }), { qos: 1 }, (err) => {
          if (err) return reject(err);
          acked.add(id);
          resolve(id);
        });
      });
    },
    run(perSecond) {
      const tickMs = 20;
      let owed = 0;
      timer = setInterval(() => {
        owed += (perSecond * tickMs) / 1000;
        for (; owed >= 1; owed--) publishOne();
      }, tickMs);
    },
    async stop(waitMs = 30_000) {
      if (timer) clearInterval(timer);
      const until = Date.now() + waitMs;
      // Outstanding publishes finish (or are given up) before the count.
      while (Date.now() < until && [...clients.values()].some((c) => Object.keys((c as unknown as { outgoing: object }).outgoing ?? {}).length > 0)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await Promise.all([...clients.values()].map((c) => c.endAsync(true).catch(() => undefined)));
    },
  };
}
