/**
 * For update tests with real processes: a supervisor that restarts the launcher whenever it exits
 * (what systemd's Restart=always does on a Pi), and a device that keeps publishing QoS 1 events
 * across agent restarts, recording every id it got a PUBACK for.
 */
import type { ChildProcess } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { spawnOwned } from '@yardguard/test/servers';

export function supervise(launcher: string, args: string[]) {
  let child: ChildProcess | undefined;
  let stopped = false;
  let out = '';
  const start = () => {
    if (stopped) return;
    child = spawnOwned(process.execPath, [launcher, ...args], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
    child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
    child.once('exit', () => void (stopped || setTimeout(start, 200)));
  };
  start();
  return {
    output: () => out,
    async stop() {
      stopped = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** The site's gate-1 (password demo-gate-1): one QoS 1 event every `everyMs`, reconnecting. */
export function steadyDevice(port: number, everyMs: number) {
  const acked: string[] = [];
  const c: MqttClient = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, username: 'gate-1', password: 'demo-gate-1', clientId: 'gate-1', reconnectPeriod: 200, connectTimeout: 5000, clean: false });
  c.on('error', () => undefined);
  const timer = setInterval(() => {
    if (!c.connected) return;
    const id = newId();
    c.publish(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id, type: 'gate.door_opened', data: {} }), { qos: 1 }, (err) => {
      if (!err) acked.push(id);
    });
  }, everyMs);
  return { acked, stop: () => (clearInterval(timer), new Promise<void>((r) => c.end(true, {}, () => r()))) };
}
