// The real cloud (cloud/dist, embedded MQTT ingress, SQLite) in its own process for the edge bench:
// the agent's uplink forwards to it and it stores, de-duplicates and acks every batch, so the
// agent's throughput includes its uplink work. Args: <mqttPort> <gatewayId> <password> <dataDir>.
// Prints {"ready":true,"mqttPort":N,"publicKeyPem":"..."}; on SIGUSR2 prints {"stored":N}.
import { hashPassword } from '@yardguard/firmware-config/node';
import { buildApp } from '../../cloud/dist/index.js';

const [port, gatewayId, password, dataDir] = process.argv.slice(2);
const cloud = await buildApp({
  logger: false,
  config: { dataDir, mqtt: { mode: 'embedded', host: '127.0.0.1', port: Number(port) }, loginRateLimit: 1e6, publicRateLimit: 1e6 },
});
const now = new Date().toISOString();
await cloud.db.insertInto('compounds').values({ id: 'bench-compound', name: '基准测试院', address: null, district: null, households: null, created_at: now }).execute();
await cloud.db.insertInto('gateways').values({
  id: gatewayId, compound_id: 'bench-compound', name: null, public_key: '-', mqtt_username: gatewayId, mqtt_password_hash: hashPassword(password),
  enrolled_at: now, last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0,
  applied_config_version: 0, agent_version: null, hw_model: null,
}).execute();
await cloud.start();
const stored = async () => Number((await cloud.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
process.on('SIGUSR2', () => void stored().then((n) => process.stdout.write(`${JSON.stringify({ stored: n })}\n`)));
process.on('SIGTERM', () => void cloud.close().then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ ready: true, mqttPort: cloud.link.addresses().mqtt, publicKeyPem: cloud.keys.publicKeyPem })}\n`);
