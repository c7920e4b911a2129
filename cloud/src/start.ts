/** Start a whole cloud instance: build, optional demo seed, ingress + timers, HTTP listen. */
import { buildApp, type BuildAppOptions, type Cloud } from './app.js';
import { seedDemo, type DemoData } from './seed-demo.js';

export interface StartCloudOptions extends BuildAppOptions {
  httpPort?: number;
  httpHost?: string;
  /** Create the demo compounds, gateways and users (idempotent). */
  seedDemo?: boolean;
}

export interface RunningCloud {
  cloud: Cloud;
  /** http://host:port */
  url: string;
  /** mqtt://host:port of the embedded broker (undefined for an external broker). */
  mqttUrl?: string;
  demo?: DemoData;
  stop(): Promise<void>;
}

export async function startCloud(opts: StartCloudOptions = {}): Promise<RunningCloud> {
  const cloud = await buildApp(opts);
  try {
    const demo = opts.seedDemo ? await seedDemo(cloud.db) : undefined;
    await cloud.start();
    const url = await cloud.listen(opts.httpPort ?? 8080, opts.httpHost ?? '127.0.0.1');
    const mqttPort = cloud.link.addresses().mqtt;
    const mqttHost = cloud.config.mqtt.mode === 'embedded' && cloud.config.mqtt.host !== '0.0.0.0' ? cloud.config.mqtt.host : '127.0.0.1';
    return {
      cloud, url, ...(demo ? { demo } : {}),
      ...(mqttPort !== undefined ? { mqttUrl: `mqtt://${mqttHost}:${mqttPort}` } : {}),
      stop: () => cloud.close(),
    };
  } catch (e) {
    await cloud.close();
    throw e;
  }
}
