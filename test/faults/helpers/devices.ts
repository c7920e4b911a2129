/**
 * Simulated devices for the fault scenarios: real MQTT 3.1.1 clients of the edge broker, each
 * publishing QoS 1 events with its own ids, recording every id sent and every PUBACK. A PUBACK is
 * the edge's promise that the event is stored: each of those must reach the cloud.
 *
 * What mqtt.js (5.16) does after the edge comes back from a kill -9, read in
 * node_modules/mqtt/build/lib/client.js and seen packet by packet in this suite (test/faults/README.md):
 * - `_onConnect` replays its offline store (QoS 1 publishes made while disconnected, and those in
 *   flight when the socket died) ONE AT A TIME: `storeDeliver` sends the next stored packet only in
 *   the previous one's PUBACK callback. The edge PUBACKs each only after its fsync, so one device
 *   replays at ~1 / (round trip + fsync), ~20/s on a busy 2-core machine, less than it publishes.
 * - while that replay runs (`_storeProcessing`), new publishes wait in `_storeProcessingQueue`
 *   (nothing on the wire) and the 'connect' event is not emitted until the replay ends;
 * - if the connection drops during the replay, `_flushStoreProcessingQueue` fails those queued
 *   publishes with Error('Connection closed') instead of storing them (mqttjs/MQTT.js#2015).
 * So after a few kills a device holds hundreds of unacknowledged events that drain slowly, and a
 * fixed 30 s wait at the end saw some "without PUBACK": never PUBACKed, so none of them is lost.
 * Like a device firmware that keeps an event until it is acknowledged, the fleet publishes an event
 * again (same id: the edge absorbs repeats) when mqtt.js gives up on it, waits at the end for as
 * long as PUBACKs keep coming, and reports what was still unacknowledged (report()).
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
  /**
   * Stop publishing; wait for outstanding PUBACKs while they keep coming (none for `stallMs`: give
   * up; never longer than `waitMs`); close the clients.
   */
  stop(waitMs?: number, stallMs?: number): Promise<void>;
  /** Publishes mqtt.js failed, by error message (each was published again). */
  clientErrors: Record<string, number>;
  /** One line: what was still unacknowledged at stop, and where it sat (see the header). */
  report(): string;
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
  const clientErrors: Record<string, number> = {};
  let timer: NodeJS.Timeout | undefined;
  let n = 0;
  let closing = false;
  let atStop = { unacked: 0, inStore: 0, queued: 0, waitedMs: 0, stalled: false };
  const alarmEvery = o.alarmEvery ?? 50;

  /** Publish until the edge PUBACKs it: mqtt.js may fail a queued publish (header); send it again, same id. */
  const publishUntilAcked = (device: string, id: string, payload: string, onAck?: () => void): void => {
    clients.get(device)!.publish(topics.deviceEvent(device), payload, { qos: 1 }, (err) => {
      if (!err) {
        acked.add(id);
        return onAck?.();
      }
      clientErrors[err.message] = (clientErrors[err.message] ?? 0) + 1;
      if (!closing) setTimeout(() => publishUntilAcked(device, id, payload, onAck), 250).unref();
    });
  };
  /** mqtt.js internals, read for the report only. */
  const internals = (c: MqttClient) => c as unknown as { outgoingStore: { _inflights?: Map<number, unknown> }; _storeProcessingQueue?: unknown[] };

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
    publishUntilAcked(device, id, encode(body));
  };

  return {
    sent, acked, alarms,
    alarm() {
      const id = newId();
      sent.add(id);
      alarms.add(id);
      return new Promise((resolve) => {
        publishUntilAcked(COLUMN, id, encode({ v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: { button: 'main' } }), () => resolve(id));
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
    clientErrors,
    async stop(waitMs = 600_000, stallMs = 20_000) {
      if (timer) clearInterval(timer);
      const started = Date.now();
      let lastAcked = acked.size;
      let lastProgress = started;
      // Outstanding publishes finish before the count, however slowly mqtt.js replays them.
      while (acked.size < sent.size && Date.now() - started < waitMs && Date.now() - lastProgress < stallMs) {
        await new Promise((r) => setTimeout(r, 100));
        if (acked.size > lastAcked) [lastAcked, lastProgress] = [acked.size, Date.now()];
      }
      atStop = {
        unacked: sent.size - acked.size,
        inStore: [...clients.values()].reduce((k, c) => k + (internals(c).outgoingStore._inflights?.size ?? 0), 0),
        queued: [...clients.values()].reduce((k, c) => k + (internals(c)._storeProcessingQueue?.length ?? 0), 0),
        waitedMs: Date.now() - started,
        stalled: acked.size < sent.size && Date.now() - lastProgress >= stallMs,
      };
      closing = true;
      await Promise.all([...clients.values()].map((c) => c.endAsync(true).catch(() => undefined)));
    },
    report() {
      const errs = Object.entries(clientErrors).map(([m, k]) => `${k}x "${m}"`).join(', ') || 'none';
      return `devices: ${atStop.unacked} of ${sent.size} events without a PUBACK when they stopped, after waiting ${Math.round(atStop.waitedMs / 1000)} s` +
        `${atStop.stalled ? ' (then no PUBACK for the whole stall window: stuck)' : ''}; in mqtt.js's offline store ${atStop.inStore}, ` +
        `queued behind its replay ${atStop.queued}; publishes mqtt.js failed (sent again, same id): ${errs}`;
    },
  };
}
