#!/usr/bin/env node
/**
 * Run a site's simulated devices as their own process, for demos:
 *
 *   node dist/sim/main.js --config site.json --broker mqtt://127.0.0.1:1883 \
 *     --write-site sim-site.json --write-secrets sim-camera-secrets.json [--activity 20] [--discovery]
 *
 * Cameras start at once (their URLs go into --write-site: start the edge with that file and the
 * secrets), MQTT devices connect as soon as the broker is up. GPIO devices are not simulated here:
 * their FakeGpio lives in the edge's process. Commands on stdin, one per line:
 *   force <gate> | close <gate> | swipe <gate> ok|denied | alarm <column> | door <contact> open|close|pass
 *   motion <camera> [off] | tamper <camera> [off] | offline <device> | online <camera> | quit
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { mqttDevicesOf } from '@yardguard/firmware-config/wire';
import { loadSiteConfig } from '@yardguard/firmware-config/node';
import { startSimulatedCompound, type SimulatedCompound } from './index.js';
import { runSimCommand } from './sim-commands.js';

const USAGE = 'usage: sim --config site.json [--broker mqtt://127.0.0.1:1883] [--write-site out.json] [--write-secrets secrets.json] [--activity seconds] [--discovery]';

async function connectWhenUp(compound: SimulatedCompound, url: string): Promise<void> {
  for (;;) {
    try {
      await compound.connectMqtt(url);
      return;
    } catch (err) {
      process.stderr.write(`waiting for the broker at ${url}: ${(err as Error).message}\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      'write-site': { type: 'string' },
      'write-secrets': { type: 'string' },
      activity: { type: 'string' },
      discovery: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.config) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const site = loadSiteConfig(values.config);
  // --discovery: the camera twins answer WS-Discovery on the LAN (239.255.255.250:3702) like real cameras.
  const compound = await startSimulatedCompound(site, values.discovery ? { discovery: 'multicast' } : {});
  if (values['write-site']) writeFileSync(values['write-site'], JSON.stringify(compound.site, null, 2));
  if (values['write-secrets']) writeFileSync(values['write-secrets'], JSON.stringify(compound.cameraCredentials, null, 2), { mode: 0o600 });
  process.stdout.write(`${JSON.stringify({ cameras: compound.cameraUrls })}\n`);
  await connectWhenUp(compound, values.broker!);
  process.stdout.write(`${JSON.stringify({ mqttDevices: mqttDevicesOf(site).map((d) => d.device.config.id) })}\n`);

  let activity: NodeJS.Timeout | undefined;
  const everyS = Number(values.activity ?? 0);
  if (everyS > 0 && (compound.mqttGates.size > 0 || compound.doorContacts.size > 0)) {
    const gates = [...compound.mqttGates.values()];
    const doors = [...compound.doorContacts.values()];
    activity = setInterval(() => {
      const g = gates[Math.floor(Math.random() * gates.length)];
      void g?.swipeCard(Math.random() < 0.9 ? 'ok' : 'denied').catch(() => undefined);
      // Now and then a household door opens and closes (care for residents living alone).
      const d = Math.random() < 0.2 ? doors[Math.floor(Math.random() * doors.length)] : undefined;
      void d?.passThrough(3000).catch(() => undefined);
    }, everyS * 1000);
  }

  const stop = async () => {
    clearInterval(activity);
    await compound.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim() === 'quit') return void stop();
    runSimCommand(compound, line).then((out) => out && process.stdout.write(`${out}\n`), (err: unknown) => process.stdout.write(`error: ${(err as Error).message}\n`));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`sim: ${(err as Error).message}\n`);
  process.exit(1);
});
