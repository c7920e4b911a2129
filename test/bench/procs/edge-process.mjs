// A real edge agent (edge/dist createEdge, its own broker, rules, SQLite outbox, forwarder) in its
// own process, with the simulated compound's devices (fake GPIO for the gates' contacts and relays,
// MQTT simulators for the rest). Args: <site.json> <credentials.json> <dataDir>.
// Prints {"ready":true}; stdin lines "force <gate>" / "close <gate>" drive a door contact and answer
// {"done":"<line>","at":<Date.now() just before the GPIO edge>}.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createEdge, readCredentials, silentLogger } from '../../../edge/dist/index.js';
import { simulatedEdgeDeps, startSimulatedCompound } from '../../../edge/dist/sim/index.js';

const [sitePath, credsPath, dataDir] = process.argv.slice(2);
const creds = readCredentials(credsPath);
// A remote open is confirmed by the door contact: the simulated person pushes the door 1 ms after
// the relay releases it (the gate-open figure is the system's, not a walker's) and it closes 100 ms later.
const compound = await startSimulatedCompound(JSON.parse(readFileSync(sitePath, 'utf8')), { walkThroughMs: 1, closeAfterMs: 100 });
const edge = createEdge({
  ...simulatedEdgeDeps(compound), dataDir, // the site as simulated (its cameras' real URLs) log: silentLogger(),
  broker: { host: '127.0.0.1', port: 0, wsPort: null },
  cloud: { gatewayId: creds.gatewayId, mqttUrl: creds.mqttUrl, username: creds.username, password: creds.password, cloudSigningKey: creds.cloudSigningKey },
});
await edge.start();
await compound.connectMqtt(`mqtt://127.0.0.1:${edge.brokerPort()}`);
const until = async (ok, what) => {
  for (const end = Date.now() + 60_000; !ok(); await new Promise((r) => setTimeout(r, 50))) if (Date.now() > end) throw new Error(`timed out: ${what}`);
};
await until(() => edge.status().devices.every((d) => d.online === true), 'devices online');
await until(() => edge.status().cloudLink === 'up', 'cloud link up');
createInterface({ input: process.stdin }).on('line', (line) => {
  const [what, gateId] = line.trim().split(' ');
  const gate = compound.gates.get(gateId);
  if (!gate) return;
  const at = Date.now();
  void (what === 'force' ? gate.forceDoor() : gate.closeDoor()).then(() => process.stdout.write(`${JSON.stringify({ done: line, at })}\n`));
});
process.on('SIGTERM', () => void edge.stop().then(() => compound.stop()).then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
