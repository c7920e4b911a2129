/** The gateway.health report: process, host, outbox, cloud link, devices and broker figures. */
import { readFile, statfs } from 'node:fs/promises';
import { freemem } from 'node:os';
import type { GatewayHealth } from '@yardguard/firmware-config/wire';
import type { Outbox } from '../uplink/outbox.js';

export interface HealthSources {
  startedAt: number;
  dataDir: string;
  outbox: Outbox;
  link: () => 'up' | 'down';
  lastAckedSeq: () => number;
  devices: () => { online: number; total: number };
  brokerClients: () => number;
  badMessages: () => number;
  eventsRefused: () => number;
}

const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** CPU temperature from the first thermal zone, when the kernel exposes one (a Pi does). */
export async function readCpuTempC(zoneFile = '/sys/class/thermal/thermal_zone0/temp'): Promise<number | undefined> {
  try {
    const milli = Number((await readFile(zoneFile, 'utf8')).trim());
    return Number.isFinite(milli) ? round1(milli / 1000) : undefined;
  } catch {
    return undefined;
  }
}

export async function readDiskFreeMb(dir: string): Promise<number | undefined> {
  try {
    const s = await statfs(dir);
    return round1((s.bavail * s.bsize) / MB);
  } catch {
    return undefined;
  }
}

export async function collectHealth(src: HealthSources): Promise<GatewayHealth> {
  const mem = process.memoryUsage();
  const ob = src.outbox.stats();
  const [cpuTempC, diskFreeMb] = await Promise.all([readCpuTempC(), readDiskFreeMb(src.dataDir)]);
  const devices = src.devices();
  const deadLetterSummary = ob.deadLetters > 0 ? src.outbox.deadLetterSummary() : undefined;
  return {
    uptimeS: Math.round((Date.now() - src.startedAt) / 1000),
    ...(cpuTempC !== undefined ? { cpuTempC } : {}),
    memRssMb: round1(mem.rss / MB),
    heapUsedMb: round1(mem.heapUsed / MB),
    memFreeMb: round1(freemem() / MB),
    ...(diskFreeMb !== undefined ? { diskFreeMb } : {}),
    outboxDepth: ob.depth,
    outboxOldestAgeS: round1(ob.oldestAgeS),
    outboxBytes: ob.bytes,
    outboxDropped: ob.dropped,
    deadLetters: ob.deadLetters,
    ...(deadLetterSummary ? { deadLetterSummary } : {}),
    lastAckedSeq: src.lastAckedSeq(),
    cloudLink: src.link(),
    devicesOnline: devices.online,
    devicesTotal: devices.total,
    brokerClients: src.brokerClients(),
    badMessages: src.badMessages(),
    diskFull: ob.diskFull,
    eventsRefused: src.eventsRefused(),
  };
}
