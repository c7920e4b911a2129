/**
 * The fault scenarios, each: start the compound (helpers/system.ts), devices publishing under load,
 * inject the fault, let it recover, count (helpers/tally.ts). Two lengths: the short one runs in
 * `npm test` (seconds each); `npm run faults` sets YG_FAULTS_FULL=1 for the lengths of issue 9
 * (10 edge kills at 1,000 events/s, the cloud dead 5 min, frozen 3 min, ...). Every length can be
 * overridden: YG_FAULTS_<NAME>_S (seconds) and YG_FAULTS_RATE (events/s).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnvifCameraSim } from '@yardguard/edge/sim';
import { startFleet, type Fleet } from './helpers/devices.js';
import { startFaultSystem, type FaultSystem, type FaultSystemOptions } from './helpers/system.js';
import { settleAndCount, startDrainMeter, type Tally } from './helpers/tally.js';

export const FULL = process.env.YG_FAULTS_FULL === '1';

const seconds = (name: string, short: number, full: number): number => {
  const v = Number(process.env[`YG_FAULTS_${name}_S`]);
  return (Number.isFinite(v) && v > 0 ? v : FULL ? full : short) * 1000;
};
const RATE = Number(process.env.YG_FAULTS_RATE) || (FULL ? 1000 : 150);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** unackedAtStop: events the devices sent that had no PUBACK when they stopped (see helpers/devices.ts). */
export type Result = Tally & { drainEventsPerS: number; drained: number; unackedAtStop: number };

/** Start, load, fault, settle, count; always stops what it started. */
async function scenario(name: string, opts: FaultSystemOptions, fault: (sys: FaultSystem, fleet: Fleet) => Promise<void>): Promise<Result> {
  const sys = await startFaultSystem(opts);
  try {
    const fleet = await startFleet(sys.edgeBrokerPort);
    fleet.run(RATE);
    await sleep(seconds('WARMUP', 2, 10));
    // Caught up = the edge queue back to about two seconds of live load.
    const drain = startDrainMeter(sys, 2 * RATE);
    await fault(sys, fleet);
    await sleep(seconds('AFTER', 2, 10));
    // mqtt.js replays a device's offline store one PUBACK at a time: wait while PUBACKs keep coming.
    await fleet.stop(FULL ? 900_000 : 180_000);
    console.log(`[faults] ${name}: ${fleet.report()}`);
    const measured = await drain.stop();
    const result = {
      ...await settleAndCount(name, sys, fleet, FULL ? 900_000 : 120_000), unackedAtStop: fleet.sent.size - fleet.acked.size,
      drainEventsPerS: measured.eventsPerS, drained: measured.drained,
    };
    if (measured.drained) console.log(`[faults] ${name}: backlog drained at ${Math.round(measured.eventsPerS)} events/s (${measured.drained} events)`);
    for (const p of [sys.cloud, sys.edge]) {
      if (!p.running) console.error(`[faults] ${name}: the ${p.name} process died; its log ends:\n${p.output().slice(-6000)}`);
    }
    return result;
  } catch (e) {
    console.error(`[faults] ${name} failed; cloud log tail:\n${sys.cloud.output().slice(-3000)}\nedge log tail:\n${sys.edge.output().slice(-3000)}`);
    throw e;
  } finally {
    await sys.stop();
  }
}

export const scenarios: Record<string, () => Promise<Result>> = {
  /** 1. kill -9 of the edge, again and again, while devices publish. */
  'edge-kill9': () => scenario('edge kill -9', {}, async (sys) => {
    const kills = Number(process.env.YG_FAULTS_KILLS) || (FULL ? 10 : 3);
    for (let i = 0; i < kills; i++) {
      await sys.edge.kill9();
      await sleep(300);
      await sys.edge.start();
      await sleep(seconds('BETWEEN_KILLS', 1.5, 10));
    }
  }),

  /** 2. the cloud process killed under load, down for a while, then started again. */
  'cloud-down': () => scenario('cloud killed and restarted', {}, async (sys) => {
    await sys.cloud.kill9();
    await sleep(seconds('CLOUD_DOWN', 4, 300));
    await sys.cloud.start(120_000);
  }),

  /** 3. the cloud frozen (SIGSTOP) with its TCP connections open, then resumed. */
  'cloud-frozen': () => scenario('cloud frozen (SIGSTOP) and resumed', {}, async (sys) => {
    sys.cloud.freeze();
    await sleep(seconds('CLOUD_FROZEN', 5, 180));
    sys.cloud.thaw();
  }),

  /** 4. the edge-cloud link black-holed (no RST), then restored. */
  'link-blackhole': () => scenario('edge-cloud link black-holed and restored', { proxy: true }, async (sys) => {
    sys.proxy!.blackhole();
    await sleep(seconds('BLACKHOLE', 5, 120));
    sys.proxy!.restore();
  }),

  /** 5. PostgreSQL restarted twice under load. */
  'postgres-restart': () => scenario('PostgreSQL restarted twice', { postgres: true }, async (sys) => {
    for (let i = 0; i < 2; i++) {
      await sys.pg!.shutdown();
      await sleep(seconds('PG_DOWN', 2, 20));
      await sys.pg!.startAgain();
      await sleep(seconds('BETWEEN_PG', 2, 30));
    }
  }),

  /** 7. the edge killed between an alarm's commit and the upload of its snapshot (at several moments after the PUBACK). */
  'edge-kill-before-snapshot-upload': async () => {
    const camera = new OnvifCameraSim({ name: '大门摄像头' });
    await camera.start();
    try {
      return await scenario('edge killed between event commit and snapshot upload', { cameraXaddr: camera.xaddr }, async (sys, fleet) => {
        for (const delayMs of [0, 30, 100, 250, 600]) {
          await fleet.alarm();
          await sleep(delayMs);
          await sys.edge.kill9();
          await sys.edge.start();
          await sleep(1500); // past the rule's cooldown
        }
      });
    } finally {
      await camera.stop();
    }
  },

  /** 6. the edge's data directory on a small filesystem that fills up. */
  'edge-disk-full': async () => {
    const mount = mkdtempSync(join(tmpdir(), 'yg-faults-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${process.env.YG_FAULTS_TMPFS_SIZE ?? '32m'}`, 'tmpfs', mount]);
    try {
      return await scenario('edge data dir on a full filesystem', { edgeDataDir: join(mount, 'edge') }, async (sys) => {
        // The link down too, so the outbox only grows; and something else (logs, say) takes all but a
        // little of the filesystem, so the outbox soon hits SQLITE_FULL.
        await sys.cloud.kill9();
        const free = statfsSync(mount);
        const leave = Number(process.env.YG_FAULTS_TMPFS_LEAVE ?? 256 * 1024);
        writeFileSync(join(mount, 'filler.log'), Buffer.alloc(Math.max(0, free.bavail * free.bsize - leave)));
        let fullest = 0;
        const until = Date.now() + seconds('DISK_FULL', 10, 120);
        while (Date.now() < until) {
          const st = statfsSync(mount);
          fullest = Math.max(fullest, 1 - st.bavail / st.blocks);
          await sleep(200);
        }
        console.log(`[faults] edge data dir: the filesystem was up to ${(fullest * 100).toFixed(0)}% full`);
        await sys.cloud.start(120_000);
        // The fault must have happened: the disk did fill up.
        if (fullest < 0.95) throw new Error(`the tmpfs never filled (max ${(fullest * 100).toFixed(0)}%): raise the load or shrink YG_FAULTS_TMPFS_SIZE`);
      });
    } finally {
      try {
        execFileSync('umount', [mount]);
      } catch {
        execFileSync('umount', ['-l', mount]);
      }
      rmSync(mount, { recursive: true, force: true });
    }
  },
};

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
