// The real cloud in its own process for the e2e path bench: embedded MQTT, SQLite, demo data.
// Args: <dataDir> <httpPort> <mqttPort>. Prints {"ready":true,"url":...,"demo":{...}}.
import { startCloud } from '../../../cloud/dist/index.js';

const [dataDir, httpPort, mqttPort] = process.argv.slice(2);
const running = await startCloud({
  config: {
    dataDir, mqtt: { mode: 'embedded', host: '127.0.0.1', port: Number(mqttPort) }, publicMqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    loginRateLimit: 1e6, publicRateLimit: 1e6,
  },
  seedDemo: true, logger: false, httpPort: Number(httpPort), httpHost: '127.0.0.1',
});
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ ready: true, url: running.url.replace('0.0.0.0', '127.0.0.1'), demo: running.demo })}\n`);
