// Connect to the agent's inspector, sample allocations (incl. collected objects) for N s.
import WebSocket from 'ws';
import { writeFileSync } from 'node:fs';
const [port, secs, out] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list[0].webSocketDebuggerUrl);
await new Promise((r) => ws.once('open', r));
let id = 0; const pending = new Map();
ws.on('message', (m) => { const d = JSON.parse(m); if (d.id && pending.has(d.id)) { pending.get(d.id)(d); pending.delete(d.id); } });
const call = (method, params = {}) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
await call('HeapProfiler.enable');
await call('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await new Promise((r) => setTimeout(r, secs * 1000));
const res = await call('HeapProfiler.stopSampling');
writeFileSync(out, JSON.stringify(res.result.profile));
ws.close();
console.log('written', out);
