/* global console, process, performance, setTimeout */
// Alert push latency: a simulated gateway publishes an alert.raised batch over MQTT (embedded broker)
// -> ingest commits -> ops raises the alert (fold check, incident, routing, timer) -> live stream row
// -> cluster bus -> the console's WebSocket receives it. Prints one JSON line (last stdout line).
// Run after `npm run build -w @yardguard/cloud`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { buildApp, connectGatewaySim, seedDemo, DEMO_PASSWORD } from '../dist/index.js';

const log = (...a) => console.error('[alerts.bench]', ...a);
const quick = process.env.YG_BENCH_QUICK === '1';
const N = quick ? 60 : 300;
const WARMUP = 10;

const dataDir = mkdtempSync(join(tmpdir(), 'yg-bench-alerts-'));
const cloud = await buildApp({
  logger: false,
  config: { dataDir, mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0 }, loginRateLimit: 1e6, publicRateLimit: 1e6 },
});
let sim;
let ws;
try {
  const demo = await seedDemo(cloud.db);
  await cloud.start();
  const base = await cloud.listen(0, '127.0.0.1');
  const mqttUrl = `mqtt://127.0.0.1:${cloud.link.addresses().mqtt}`;
  const login = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard1', password: DEMO_PASSWORD } });
  const token = login.json().token;

  const waiting = new Map();
  ws = new WebSocket(`${base.replace('http', 'ws')}/api/live?access_token=${token}`);
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.type !== 'alert.new') return;
    // Cloud alert keys are `<gatewayId>.<edge key>`.
    const key = m.alert.key.slice(m.alert.key.indexOf('.') + 1);
    waiting.get(key)?.(performance.now());
  });
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });

  const gatewayId = demo.gateways.small;
  sim = await connectGatewaySim({ url: mqttUrl, gatewayId, compoundId: demo.compounds.small, password: `demo-${gatewayId}` });

  const samples = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const key = `bench-${i}`;
    const e = sim.event('alert.raised', 'gate-main', { key, kind: 'door_forced', severity: 'critical', title: `压测告警 ${i}` });
    const received = new Promise((resolve, reject) => {
      waiting.set(key, resolve);
      setTimeout(() => reject(new Error(`alert ${key} not pushed within 10 s`)), 10_000).unref();
    });
    const t0 = performance.now();
    const acked = sim.sendBatch([e]);
    const t1 = await received;
    await acked;
    waiting.delete(key);
    if (i >= WARMUP) samples.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
  const r2 = (x) => Math.round(x * 100) / 100;
  log(`${samples.length} alerts: p50 ${r2(q(0.5))} ms, p99 ${r2(q(0.99))} ms, max ${r2(samples.at(-1))} ms`);
  console.log(JSON.stringify({ 'cloud.alert_push_p99_ms': r2(q(0.99)), 'cloud.alert_push_p50_ms': r2(q(0.5)) }));
} finally {
  ws?.close();
  await sim?.close();
  await cloud.close();
  rmSync(dataDir, { recursive: true, force: true });
}
