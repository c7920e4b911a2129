/** Disk space of the data dir and the SoC temperature (/sys/class/thermal, when present). */
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckRow } from './report.js';

const MiB = 1024 * 1024;

export function diskCheck(dataDir: string): CheckRow {
  const base = { area: 'system', item: 'disk', check: 'free space' } as const;
  try {
    const s = statfsSync(dataDir);
    const free = s.bavail * s.bsize;
    const total = s.blocks * s.bsize;
    const pct = total > 0 ? (100 * free) / total : 0;
    const detail = `${(free / MiB).toFixed(0)} MiB free of ${(total / MiB).toFixed(0)} MiB (${pct.toFixed(0)}%) at ${dataDir}`;
    const fix = 'free space on the SD card (old logs: journalctl --vacuum-size=100M), or use a larger card; events wait in the outbox on this disk';
    if (free < 100 * MiB || pct < 5) return { ...base, status: 'fail', detail, fix };
    if (pct < 15) return { ...base, status: 'warn', detail, fix };
    return { ...base, status: 'ok', detail };
  } catch (e) {
    return { ...base, status: 'fail', detail: `cannot read ${dataDir}: ${(e as Error).message}`, fix: 'create the data dir and give the agent user write access to it' };
  }
}

/** One row per thermal zone (a Pi has one: cpu-thermal); a skip where the machine has none. */
export function temperatureChecks(sysRoot = '/sys'): CheckRow[] {
  const dir = join(sysRoot, 'class', 'thermal');
  let zones: string[];
  try {
    zones = readdirSync(dir).filter((z) => z.startsWith('thermal_zone')).sort();
  } catch {
    zones = [];
  }
  const rows: CheckRow[] = [];
  for (const z of zones) {
    let milli: number;
    let type = z;
    try {
      milli = Number(readFileSync(join(dir, z, 'temp'), 'utf8').trim());
      type = readFileSync(join(dir, z, 'type'), 'utf8').trim() || z;
    } catch {
      continue;
    }
    if (!Number.isFinite(milli)) continue;
    const c = milli / 1000;
    const detail = `${c.toFixed(1)} °C`;
    const fix = 'the Pi throttles from 80 °C: ventilate the cabinet, add a heat sink or fan, keep it out of direct sun';
    const status = c >= 80 ? 'fail' : c >= 70 ? 'warn' : 'ok';
    rows.push({ area: 'system', item: 'temperature', check: type, status, detail, ...(status === 'ok' ? {} : { fix }) });
  }
  if (rows.length === 0) rows.push({ area: 'system', item: 'temperature', check: 'thermal zones', status: 'skip', detail: `no readable thermal zone under ${dir} (not a Pi?)` });
  return rows;
}
