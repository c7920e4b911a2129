/**
 * `yardguard-edge status`: devices, cloud link and outbox depth, read from the running agent's
 * state database (opened read-only; WAL lets us read while the agent writes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStateDb } from '../state/db.js';

export interface AgentStatusReport {
  agent: { pid?: number; running: boolean; updatedAt?: string; brokerPort?: number; clients?: number };
  cloudLink: string;
  lastAckedSeq: number;
  nextSeq: number;
  outbox: { depth: number; bytes: number; oldestAgeS: number; byLane: Record<string, number>; deadLetters: number };
  devices: { id: string; kind: string; online: boolean | null; lastSeen?: string }[];
  configVersion?: number;
}

const LANE_NAMES = ['alarm', 'normal', 'telemetry'];

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readStatus(dataDir: string): AgentStatusReport {
  const file = join(dataDir, 'edge.db');
  if (!existsSync(file)) throw new Error(`no agent state in ${dataDir} (edge.db missing): is --data-dir right? Has the agent run here?`);
  const db = openStateDb(file, { readonly: true });
  try {
    const meta = new Map(db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all().map((r) => [r.key, r.value]));
    const snap = JSON.parse(meta.get('agent_status') ?? '{}') as { pid?: number; at?: number; stopped?: boolean; brokerPort?: number; clients?: number; cloudLink?: string };
    const ob = db.prepare<[], { n: number; b: number | null; oldest: number | null }>('SELECT count(*) n, sum(bytes) b, min(created_at) oldest FROM outbox').get()!;
    const byLane: Record<string, number> = { alarm: 0, normal: 0, telemetry: 0 };
    for (const r of db.prepare<[], { lane: number; n: number }>('SELECT lane, count(*) n FROM outbox GROUP BY lane').all()) byLane[LANE_NAMES[r.lane] ?? String(r.lane)] = r.n;
    const dead = db.prepare<[], { n: number }>('SELECT count(*) n FROM dead_letter').get()!.n;
    const devices = db
      .prepare<[], { id: string; kind: string; online: number | null; last_seen: number | null }>('SELECT id, kind, online, last_seen FROM devices ORDER BY kind, id')
      .all()
      .map((d) => ({ id: d.id, kind: d.kind, online: d.online === null ? null : d.online === 1, ...(d.last_seen ? { lastSeen: new Date(d.last_seen).toISOString() } : {}) }));
    const cfg = db.prepare<[], { config_version: number }>('SELECT config_version FROM site_config WHERE id = 1').get();
    const running = !snap.stopped && alive(snap.pid);
    return {
      agent: { pid: snap.pid, running, updatedAt: snap.at ? new Date(snap.at).toISOString() : undefined, brokerPort: snap.brokerPort, clients: snap.clients },
      cloudLink: running ? (meta.get('cloud_link') ?? snap.cloudLink ?? 'down') : 'down (agent not running)',
      lastAckedSeq: Number(meta.get('last_acked_seq') ?? 0),
      nextSeq: Number(meta.get('next_seq') ?? 1),
      outbox: { depth: ob.n, bytes: ob.b ?? 0, oldestAgeS: ob.oldest ? Math.round((Date.now() - ob.oldest) / 1000) : 0, byLane, deadLetters: dead },
      devices,
      ...(cfg ? { configVersion: cfg.config_version } : {}),
    };
  } finally {
    db.close();
  }
}

export function formatStatus(s: AgentStatusReport): string {
  const lines = [
    `agent:      ${s.agent.running ? `running (pid ${s.agent.pid}, broker port ${s.agent.brokerPort}, ${s.agent.clients ?? 0} clients)` : 'not running'}`,
    `cloud link: ${s.cloudLink}   last acked seq: ${s.lastAckedSeq}   next seq: ${s.nextSeq}`,
    `outbox:     ${s.outbox.depth} events (${(s.outbox.bytes / 1024).toFixed(1)} KiB; alarm ${s.outbox.byLane.alarm}, normal ${s.outbox.byLane.normal}, telemetry ${s.outbox.byLane.telemetry}), oldest ${s.outbox.oldestAgeS} s, dead letters ${s.outbox.deadLetters}${s.outbox.deadLetters ? ' (list: yardguard-edge dead-letters; re-send: --resend)' : ''}`,
    `devices:    ${s.devices.filter((d) => d.online).length}/${s.devices.length} online`,
    ...s.devices.map((d) => `  ${d.online === null ? '?      ' : d.online ? 'online ' : 'OFFLINE'} ${d.kind.padEnd(13)} ${d.id}${d.lastSeen ? `  (last seen ${d.lastSeen})` : ''}`),
  ];
  return lines.join('\n');
}
