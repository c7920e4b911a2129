#!/usr/bin/env node
/**
 * yardguard-cloud: reads flags and environment, then calls startCloud(). Embedded defaults:
 * SQLite in ./.data, MQTT on 1883, HTTP on 8080, InfluxDB off.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { pino } from 'pino';
import type { CloudConfig, MqttIngressConfig } from './config.js';
import { startCloud } from './start.js';
import { buildApp } from './app.js';
import { seedDemo, DEMO_PASSWORD } from './seed-demo.js';
import { logRedact } from './plugins/request-log.js';

const HELP = `yardguard-cloud: the Yard Guard cloud service

Usage:
  yardguard-cloud [options]            run the service
  yardguard-cloud seed-demo [options]  create demo compounds, gateways and users, then exit
  yardguard-cloud release add FILE [options]
                                       add an edge release (the tarball from \`npm run package\`): stored
                                       under --data-dir, signed with the cloud key; roll it out from the console

Options (environment variable in brackets):
  --data-dir DIR        SQLite file and signing key live here [YG_DATA_DIR] (default ./.data)
  --db URL              postgres://user@host:port/db, or a SQLite file path [YG_DATABASE_URL]
  --http-host HOST      [YG_HTTP_HOST] (default 0.0.0.0)
  --http-port PORT      [YG_HTTP_PORT] (default 8080)
  --mqtt-host HOST      embedded broker address [YG_MQTT_HOST] (default 0.0.0.0)
  --mqtt-port PORT      embedded broker TCP port [YG_MQTT_PORT] (default 1883)
  --mqtt-ws-port PORT   embedded broker MQTT-over-WebSocket port [YG_MQTT_WS_PORT]
  --mqtt-tls-port PORT  embedded broker TLS port, needs --tls-key and --tls-cert [YG_MQTT_TLS_PORT]
  --tls-key FILE        [YG_TLS_KEY]     --tls-cert FILE  [YG_TLS_CERT]
  --gateway-ca FILE     the CA of a cloud with its own CA, given to gateways at enrollment [YG_GATEWAY_CA]
  --mqtt-url URL        use an external broker (mosquitto, EMQX) instead of the embedded one [YG_MQTT_URL]
  --mqtt-group NAME     shared-subscription group for several instances [YG_MQTT_GROUP] (default yardguard)
  --nats-url URLS       a NATS cluster (comma-separated nats:// of its nodes) whose MQTT listeners the gateways
                        use: uplink through a NATS queue group named by --mqtt-group, downlink over MQTT to
                        --mqtt-url (comma-separated mqtt:// of the nodes) [YG_NATS_URL]
  --mqtt-provisioning P dynsec: keep gateway logins in mosquitto's dynamic-security plugin (the URL's
                        login needs its admin role); none: kept by hand [YG_MQTT_PROVISIONING] (default none)
  --public-mqtt-url URL the MQTT URL handed to gateways at enrollment [YG_PUBLIC_MQTT_URL]
  --influx-url URL      InfluxDB for time series; off when absent [YG_INFLUX_URL]
  --influx-db NAME      1.x/3 database, 2.x bucket [YG_INFLUX_DB] (default yardguard)
  --influx-flavor F     v1 (1.6+, default), v2 (2.x) or v3 [YG_INFLUX_FLAVOR]
  --influx-token T      2.x/3 API token, or user:password for 1.x with auth [YG_INFLUX_TOKEN]
  --influx-org ORG      2.x organisation [YG_INFLUX_ORG]
  --console-dir DIR     built console to serve [YG_CONSOLE_DIR] (default ../console/dist)
  --instance-id NAME    [YG_INSTANCE_ID]
  --trust-proxy VALUE   behind a reverse proxy: true, or the proxy addresses [YG_TRUST_PROXY]
  --webhook-allow-hosts H1,H2  robot/webhook hosts allowed on internal addresses (default none) [YG_WEBHOOK_ALLOW_HOSTS]
  --seed-demo           seed demo data before starting
  -h, --help            this text

Demo accounts after seed-demo: admin, manager, guard1, guard2, installer, resident1, resident2, service1, repair1,
clean1, finance1, grid1, grid2, committee1, committee2, community1, community2, street, elder1, elder2, tenant1, student1, neighbor1
(password: ${DEMO_PASSWORD}).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' }, db: { type: 'string' }, 'http-host': { type: 'string' }, 'http-port': { type: 'string' },
    'mqtt-host': { type: 'string' }, 'mqtt-port': { type: 'string' }, 'mqtt-ws-port': { type: 'string' }, 'mqtt-tls-port': { type: 'string' },
    'tls-key': { type: 'string' }, 'tls-cert': { type: 'string' }, 'gateway-ca': { type: 'string' }, 'mqtt-url': { type: 'string' }, 'nats-url': { type: 'string' }, 'mqtt-group': { type: 'string' }, 'mqtt-provisioning': { type: 'string' },
    'public-mqtt-url': { type: 'string' }, 'influx-url': { type: 'string' }, 'influx-db': { type: 'string' }, 'influx-flavor': { type: 'string' }, 'influx-token': { type: 'string' }, 'influx-org': { type: 'string' }, 'console-dir': { type: 'string' },
    'instance-id': { type: 'string' }, 'trust-proxy': { type: 'string' }, 'webhook-allow-hosts': { type: 'string' }, 'seed-demo': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  },
});

const env = process.env;
const opt = (flag: keyof typeof values, envName: string): string | undefined => (values[flag] as string | undefined) ?? env[envName];
const port = (flag: keyof typeof values, envName: string, fallback?: number): number | undefined => {
  const v = opt(flag, envName);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${flag} (${envName}): "${v}" is not a port number (0-65535)`);
    process.exit(2);
  }
  return n;
};

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const log = pino({ name: 'yardguard-cloud', redact: logRedact });

function configFromArgs(): Partial<CloudConfig> {
  const mqttUrl = opt('mqtt-url', 'YG_MQTT_URL');
  const tlsPort = port('mqtt-tls-port', 'YG_MQTT_TLS_PORT');
  const tlsKey = opt('tls-key', 'YG_TLS_KEY');
  const tlsCert = opt('tls-cert', 'YG_TLS_CERT');
  if (tlsPort !== undefined && (!tlsKey || !tlsCert)) {
    console.error('--mqtt-tls-port needs --tls-key and --tls-cert (PEM files)');
    process.exit(2);
  }
  const wsPort = port('mqtt-ws-port', 'YG_MQTT_WS_PORT');
  const provisioning = opt('mqtt-provisioning', 'YG_MQTT_PROVISIONING') ?? 'none';
  if (provisioning !== 'dynsec' && provisioning !== 'none') {
    console.error(`--mqtt-provisioning must be dynsec or none (got ${provisioning})`);
    process.exit(2);
  }
  const natsUrl = opt('nats-url', 'YG_NATS_URL');
  if (natsUrl && !mqttUrl) {
    console.error('--nats-url needs --mqtt-url: the MQTT listeners of the NATS nodes (comma-separated), for the downlink');
    process.exit(2);
  }
  const list = (v: string): string[] => v.split(',').map((u) => u.trim()).filter(Boolean);
  const mqtt: MqttIngressConfig = natsUrl && mqttUrl
    ? { mode: 'nats', natsServers: list(natsUrl), mqttUrls: list(mqttUrl), group: opt('mqtt-group', 'YG_MQTT_GROUP') ?? 'yardguard' }
    : mqttUrl
    ? { mode: 'external', url: mqttUrl, group: opt('mqtt-group', 'YG_MQTT_GROUP') ?? 'yardguard', provisioning }
    : {
        mode: 'embedded', host: opt('mqtt-host', 'YG_MQTT_HOST') ?? '0.0.0.0', port: port('mqtt-port', 'YG_MQTT_PORT', 1883)!,
        ...(wsPort !== undefined ? { wsPort } : {}),
        ...(tlsPort !== undefined ? { tls: { port: tlsPort, keyFile: tlsKey!, certFile: tlsCert! } } : {}),
      };
  const influxUrl = opt('influx-url', 'YG_INFLUX_URL');
  const dataDir = resolve(opt('data-dir', 'YG_DATA_DIR') ?? '.data');
  const databaseUrl = opt('db', 'YG_DATABASE_URL');
  const publicMqttUrl = opt('public-mqtt-url', 'YG_PUBLIC_MQTT_URL');
  const gatewayCaFile = opt('gateway-ca', 'YG_GATEWAY_CA');
  const instanceId = opt('instance-id', 'YG_INSTANCE_ID');
  const trustProxyRaw = opt('trust-proxy', 'YG_TRUST_PROXY');
  const webhookAllowHosts = opt('webhook-allow-hosts', 'YG_WEBHOOK_ALLOW_HOSTS');
  const trustProxy = trustProxyRaw === undefined ? undefined : trustProxyRaw === 'true' ? true : trustProxyRaw;
  return {
    dataDir, mqtt,
    consoleDir: resolve(opt('console-dir', 'YG_CONSOLE_DIR') ?? fileURLToPath(new URL('../../console/dist', import.meta.url))),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(publicMqttUrl ? { publicMqttUrl } : {}),
    ...(gatewayCaFile ? { gatewayCaFile: resolve(gatewayCaFile) } : {}),
    ...(instanceId ? { instanceId } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(webhookAllowHosts ? { webhookAllowHosts: webhookAllowHosts.split(',').map((h) => h.trim()).filter(Boolean) } : {}),
    ...(influxUrl ? { influx: influxFromArgs(influxUrl) } : {}),
  };
}

function influxFromArgs(url: string): NonNullable<CloudConfig['influx']> {
  const flavor = opt('influx-flavor', 'YG_INFLUX_FLAVOR');
  if (flavor !== undefined && flavor !== 'v1' && flavor !== 'v2' && flavor !== 'v3') {
    console.error(`--influx-flavor (YG_INFLUX_FLAVOR): "${flavor}" must be v1, v2 or v3`);
    process.exit(2);
  }
  const token = opt('influx-token', 'YG_INFLUX_TOKEN');
  const org = opt('influx-org', 'YG_INFLUX_ORG');
  return { url, database: opt('influx-db', 'YG_INFLUX_DB') ?? 'yardguard', ...(flavor ? { flavor } : {}), ...(token ? { token } : {}), ...(org ? { org } : {}) };
}

async function main(): Promise<void> {
  const config = configFromArgs();
  if (positionals[0] === 'seed-demo') {
    const cloud = await buildApp({ config: { ...config, mqtt: { mode: 'none' } }, logger: log });
    const demo = await seedDemo(cloud.db);
    await cloud.close();
    console.log(`demo data ready: compounds ${Object.values(demo.compounds).join(', ')}; users ${Object.keys(demo.users).join(', ')} (password ${demo.password})`);
    return;
  }
  if (positionals[0] === 'release') {
    const file = positionals[2];
    if (positionals[1] !== 'add' || !file) {
      console.error('usage: yardguard-cloud release add FILE (the yardguard-edge-<version>.tar.gz from `npm run package`)');
      process.exit(2);
    }
    const { addReleaseCommand } = await import('./releases/cli.js');
    process.exitCode = await addReleaseCommand(config, resolve(file), log);
    return;
  }
  if (positionals.length) {
    console.error(`unknown command "${positionals[0]}" (try --help)`);
    process.exit(2);
  }
  if (!config.influx) log.info('InfluxDB is off (set --influx-url or YG_INFLUX_URL to record time series)');
  const running = await startCloud({
    config, logger: log, seedDemo: values['seed-demo'] === true,
    httpPort: port('http-port', 'YG_HTTP_PORT', 8080)!, httpHost: opt('http-host', 'YG_HTTP_HOST') ?? '0.0.0.0',
  });
  log.info({ http: running.url, mqtt: running.mqttUrl ?? (config.mqtt?.mode === 'external' ? config.mqtt.url : undefined), db: running.cloud.dialect }, 'Yard Guard cloud is running');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    running.stop().then(() => process.exit(0), (err: unknown) => {
      log.error({ err }, 'stop failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') log.fatal(`a port is already in use (${e.message}); pick others with --http-port / --mqtt-port`);
  else log.fatal({ err }, 'could not start; check the options above (--help)');
  process.exit(1);
});
