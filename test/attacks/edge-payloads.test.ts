/**
 * Attack part `edge-payloads`: the malformed-payload corpus published by a logged-in device at the
 * real edge agent, on its event topic (every item) and its heartbeat / result / availability topics
 * (a sample). Nothing of it may be stored and forwarded, and the agent must keep serving alarms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { topics } from '@yardguard/firmware-config';
import { createTally } from './helpers/tally.js';
import { deviceLogin, tryConnect } from './helpers/edge-agent.js';
import { startEdgeUnderAttack, type EdgeUnderAttack } from './helpers/edge-under-attack.js';
import { deviceEventCorpus, type CorpusItem } from './helpers/malformed-corpus.js';

const tally = createTally('edge-payloads');
let t: EdgeUnderAttack;

beforeAll(async () => {
  t = await startEdgeUnderAttack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
  const r = tally.report();
  expect(r.let_in, 'malformed payloads that got in').toEqual([]);
  expect(r.crashed, 'payloads that crashed or stopped the edge').toBe(0);
});

/** What column-1 managed to get stored: anything but the presence events the edge itself derives. */
const storedFromColumn1 = () => t.peer.events.filter((e) => e.deviceId === 'column-1' && !e.type.startsWith('device.'));

/** Publish every item QoS 1 as column-1; a connection the broker closes (oversize) is opened again. */
async function publishAll(items: CorpusItem[], topic: string): Promise<void> {
  let c: MqttClient | undefined;
  for (const item of items) {
    if (!c?.connected) {
      c?.end(true);
      c = await tryConnect(t.edge.url, deviceLogin('column-1'));
    }
    const client = c;
    // PUBACK (bad payloads are acked and dropped) or the connection closed (over the packet cap).
    await new Promise<void>((resolve) => {
      const onClose = () => resolve();
      client.once('close', onClose);
      client.publishAsync(topic, item.payload, { qos: 1 }).then(() => resolve(), () => resolve()).finally(() => client.off('close', onClose));
    });
  }
  c?.end(true);
}

describe('malformed payloads at the edge', () => {
  const corpus = deviceEventCorpus();

  it('has at least 300 items across the categories', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((c) => c.category)).size).toBeGreaterThanOrEqual(12);
  });

  it('stores none of them and keeps serving alarms', async () => {
    await publishAll(corpus, topics.deviceEvent('column-1'));
    const sample = corpus.filter((_, i) => i % 10 === 0);
    await publishAll(sample, topics.deviceHeartbeat('column-1'));
    await publishAll(sample, topics.deviceCommandResult('column-1'));
    await publishAll(sample, topics.deviceAvailability('column-1'));
    // The canary is stored after every corpus item that could have been: anything stored came first.
    const alive = await t.stillServes(tally, 'malformed payloads');
    const stored = storedFromColumn1();
    const total = corpus.length + 3 * sample.length;
    for (const s of stored) tally.letIn(`a malformed payload was stored: ${s.type} ${JSON.stringify(s.data).slice(0, 120)}`);
    for (let i = stored.length; i < total; i++) tally.refused();
    expect(alive).toBe(true);
  }, 240_000);
});
