/**
 * For tests: a simulated compound on the real edge agent (broker on a free loopback port, no
 * cloud), its MQTT twins connected; and a polling waitFor. `stop()` undoes it all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiteConfig } from '@yardguard/firmware-config/wire';
import { createEdge, type Edge } from '../edge.js';
import { silentLogger } from '../log.js';
import { simulatedEdgeDeps, startSimulatedCompound, type SimulatedCompound, type SimulatedCompoundOptions } from './index.js';

export const waitFor = async <T>(fn: () => T, what: string, ms = 20_000): Promise<NonNullable<T>> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

export interface SimulatedEdge {
  edge: Edge;
  compound: SimulatedCompound;
  dataDir: string;
  brokerUrl: string;
  stop(): Promise<void>;
}

/** Start the twins, then the agent on them; MQTT twins connect unless `connect: false`. */
export async function startSimulatedEdge(site: SiteConfig, opts: SimulatedCompoundOptions & { connect?: boolean } = {}): Promise<SimulatedEdge> {
  const { connect = true, ...simOpts } = opts;
  const compound = await startSimulatedCompound(site, simOpts);
  const dataDir = mkdtempSync(join(tmpdir(), 'yg-sim-edge-'));
  const edge = createEdge({ ...simulatedEdgeDeps(compound), dataDir, log: silentLogger(), broker: { host: '127.0.0.1', port: 0, wsPort: 0 }, healthIntervalMs: 3_600_000 });
  const stop = async () => {
    await compound.stop();
    await edge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await edge.start();
    const brokerUrl = `mqtt://127.0.0.1:${edge.brokerPort()}`;
    if (connect) await compound.connectMqtt(brokerUrl);
    return { edge, compound, dataDir, brokerUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
