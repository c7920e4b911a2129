/* global process, setTimeout, clearTimeout */
// One process of simulated gateways for gateways.bench.mjs: each gateway is its own MQTT connection
// with its own login (username = client id = gateway id, its own issued secret), as a real edge
// agent connects. The parent drives it over IPC: connect more, send a heartbeat batch from every
// gateway (or only from those without an ack since an epoch) and count the cloud's acks.
import mqtt from 'mqtt';
import { encode, exampleEventData, newId, topics, SCHEMA_VERSION } from '@yardguard/firmware-config';

/** @type {Map<string, { client: import('mqtt').MqttClient, compoundId: string, seq: number, ackedEpoch: number, waiters: Map<string, () => void> }>} */
const gateways = new Map();

function connect(url, cred) {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, {
      clientId: cred.gatewayId, username: cred.gatewayId, password: cred.password, protocolVersion: 4,
      keepalive: 60, clean: true, connectTimeout: 60_000,
      // Spread like real gateways do after an outage: each retries on its own jittered period.
      reconnectPeriod: 1000 + Math.floor(Math.random() * 2000),
    });
    const g = { client, compoundId: cred.compoundId, seq: 0, ackedEpoch: -1, waiters: new Map() };
    client.on('connect', () => {
      client.subscribe(topics.gatewayAck(cred.gatewayId), { qos: 1 });
      resolve(true);
    });
    client.on('message', (_topic, payload) => {
      try {
        const ack = JSON.parse(payload.toString());
        g.waiters.get(ack.batchId)?.();
      } catch {
        // not an ack we understand: ignore
      }
    });
    client.on('error', () => {}); // counted through connected/acked, retried by mqtt.js
    gateways.set(cred.gatewayId, g);
    setTimeout(() => resolve(false), 60_000).unref();
  });
}

/** One heartbeat batch (a gateway.health event) and its ack, or false after timeoutMs. */
function beat(gatewayId, g, timeoutMs, epoch) {
  if (!g.client.connected) return Promise.resolve(false);
  const batchId = `hb-${newId()}`;
  g.seq += 1;
  const event = {
    v: SCHEMA_VERSION, id: newId(), compoundId: g.compoundId, gatewayId, deviceId: gatewayId, seq: g.seq,
    occurredAt: new Date().toISOString(), type: 'gateway.health', data: exampleEventData['gateway.health'],
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => { g.waiters.delete(batchId); resolve(false); }, timeoutMs);
    g.waiters.set(batchId, () => {
      clearTimeout(timer);
      g.waiters.delete(batchId);
      g.ackedEpoch = Math.max(g.ackedEpoch, epoch);
      resolve(true);
    });
    g.client.publish(topics.gatewayEvents(gatewayId), encode({ v: SCHEMA_VERSION, gatewayId, batchId, sentAt: new Date().toISOString(), events: [event] }), { qos: 1 });
  });
}

let autoTimer;

const connectedCount = () => [...gateways.values()].filter((g) => g.client.connected).length;

process.on('message', async (msg) => {
  if (msg.op === 'connect') {
    let ok = 0;
    // In slices: a real fleet does not open thousands of TCP handshakes in the same millisecond.
    for (let i = 0; i < msg.creds.length; i += 100) {
      const r = await Promise.all(msg.creds.slice(i, i + 100).map((c) => connect(msg.url, c)));
      ok += r.filter(Boolean).length;
    }
    process.send({ op: 'connect', ok, failed: msg.creds.length - ok, connected: connectedCount(), total: gateways.size });
  } else if (msg.op === 'beat') {
    // pendingOnly (the reconnect storm): like the agent's forwarder, a gateway keeps one batch waiting
    // for its ack and sends again only when that wait timed out; it does not add a new batch per round.
    const list = [...gateways.entries()].filter(([, g]) => !msg.pendingOnly || (g.ackedEpoch < msg.epoch && !g.inFlight));
    const started = Promise.all(list.map(async ([id, g]) => {
      g.inFlight = true;
      try {
        return await beat(id, g, msg.timeoutMs, msg.epoch);
      } finally {
        g.inFlight = false;
      }
    }));
    // noWait: answer with the count still pending now; the batches finish (or time out) meanwhile.
    const r = msg.noWait ? [] : await started;
    const pending = [...gateways.values()].filter((g) => g.ackedEpoch < msg.epoch).length;
    process.send({ op: 'beat', acked: r.filter(Boolean).length, failed: r.filter((x) => !x).length, pending, connected: connectedCount(), total: gateways.size });
  } else if (msg.op === 'autobeat') {
    // Like a real agent's health report: every connected gateway sends one every `everyMs` on its own
    // (epoch -1: these do not count as the parent's acked rounds). Without it, a gateway acked early in a
    // reconnect storm goes silent and the cloud rightly reports it offline.
    clearInterval(autoTimer);
    autoTimer = setInterval(() => {
      for (const [id, g] of gateways) if (g.client.connected) void beat(id, g, 60_000, -1);
    }, msg.everyMs);
    process.send({ op: 'autobeat' });
  } else if (msg.op === 'trim') {
    // Keep the first `keep` gateways, close the rest for good.
    const ids = [...gateways.keys()];
    for (const id of ids.slice(msg.keep)) {
      gateways.get(id).client.end(true);
      gateways.delete(id);
    }
    process.send({ op: 'trim', ids: ids.slice(0, msg.keep) });
  } else if (msg.op === 'stop') {
    clearInterval(autoTimer);
    for (const g of gateways.values()) g.client.end(true);
    process.send({ op: 'stop' });
    setTimeout(() => process.exit(0), 100);
  }
});
process.send({ op: 'ready' });
