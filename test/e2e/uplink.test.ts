/**
 * Edge -> cloud event uplink across a cloud outage, without a browser: the cloud process part
 * (HTTP, embedded MQTT ingress, SQLite) is stopped, devices keep publishing to the edge, the cloud
 * comes back on the same data dir and ports, and every event of the outage arrives exactly once,
 * the alarm lane ahead of the routine events that were queued before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { laneOf, type EventType } from '@yardguard/firmware-config';
import { AlarmColumnSim } from '@yardguard/edge/sim';
import { waitFor } from '@yardguard/test/servers';
import { startSystem, type System } from './helpers/system.js';

interface StoredEventDto { id: string; gatewayId: string; deviceId: string; seq: number; type: string; receivedAt: string; data: unknown }

let sys: System;

beforeAll(async () => {
  // The gateway reaches the cloud through a TCP proxy (the URL handed out at enrollment), so the
  // second spec can lose the cloud's acks on the way back; a short ack timeout makes the resend quick.
  sys = await startSystem({ console: false, mqttProxy: true, forwarder: { reconnectPeriodMs: 250, ackTimeoutMs: 1500 } });
});

afterAll(async () => {
  await sys?.stop();
});

async function cloudEvents(): Promise<StoredEventDto[]> {
  const admin = await sys.as('admin');
  const { events } = await admin.get<{ events: StoredEventDto[] }>(`/api/events?gatewayId=${sys.gatewayId}&limit=1000`);
  return events;
}

describe('uplink across a cloud outage', () => {
  it('delivers the events published while the cloud was down exactly once after it returns, alarms first', async () => {
    const edge = sys.edge;
    // A quiet start: everything so far acknowledged by the cloud.
    await waitFor(() => edge.status().outbox.depth === 0 && edge.status().lastAckedSeq === edge.status().outbox.lastSeq, { message: 'outbox drained before the outage' });
    const seqBefore = edge.status().outbox.lastSeq;

    await sys.stopCloud();
    await waitFor(() => edge.status().cloudLink === 'down', { message: 'edge sees the cloud link down' });

    // Routine events first (20 siren-stopped reports from the MQTT column), then an alarm (the
    // column's one-key alarm button, which the edge rule turns into an alert.raised too).
    const column = sys.compound.columns.get('column-1');
    expect(column).toBeInstanceOf(AlarmColumnSim);
    const col = column as AlarmColumnSim;
    const routine = 20;
    for (let i = 0; i < routine; i++) await col.publishEvent({ type: 'alarm.siren_stopped', data: { reason: 'local' } });
    await col.pressAlarm();
    await waitFor(() => edge.status().outbox.byLane.alarm >= 2, { message: 'button press and alert queued in the alarm lane' });
    expect(edge.status().outbox.byLane.normal).toBeGreaterThanOrEqual(routine);
    const seqAtReturn = edge.status().outbox.lastSeq;
    expect(edge.status().lastAckedSeq).toBe(seqBefore);

    await sys.startCloudAgain();
    await waitFor(() => edge.status().cloudLink === 'up', { timeoutMs: 30_000, message: 'edge reconnects to the returned cloud' });
    await waitFor(() => edge.status().lastAckedSeq >= seqAtReturn && edge.status().outbox.depth === 0, { timeoutMs: 30_000, message: 'outage backlog acknowledged by the cloud' });

    const events = await cloudEvents();
    // Exactly once: every sequence number of this gateway, 1..lastSeq, stored once, no gaps, no doubles.
    const lastSeq = edge.status().outbox.lastSeq;
    const seqs = events.map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const outage = events.filter((e) => e.seq > seqBefore && e.seq <= seqAtReturn);
    expect(outage.filter((e) => e.type === 'alarm.siren_stopped' && e.deviceId === 'column-1')).toHaveLength(routine);
    expect(outage.filter((e) => e.type === 'alarm.button_pressed' && e.deviceId === 'column-1')).toHaveLength(1);
    expect(outage.some((e) => e.type === 'alert.raised')).toBe(true);

    // Alarms first: the routine events were queued earlier (lower sequence numbers), yet the cloud
    // stored every alarm of the outage before the first routine one. The backlog may arrive in one
    // batch (same receivedAt), so the order of storage is read from SQLite's rowid.
    const alarms = outage.filter((e) => laneOf(e.type as EventType) === 'alarm');
    const normal = outage.filter((e) => laneOf(e.type as EventType) === 'normal');
    expect(Math.min(...normal.map((e) => e.seq))).toBeLessThan(Math.min(...alarms.map((e) => e.seq)));
    expect(Math.max(...alarms.map((e) => Date.parse(e.receivedAt)))).toBeLessThanOrEqual(Math.min(...normal.map((e) => Date.parse(e.receivedAt))));
    expect(sys.cloud.cloud.dialect).toBe('sqlite');
    const stored = await sql<{ seq: number; type: string }>`select seq, type from events where gateway_id = ${sys.gatewayId} and seq > ${seqBefore} and seq <= ${seqAtReturn} order by rowid`.execute(sys.cloud.cloud.db);
    const lanes = stored.rows.map((r) => laneOf(r.type as EventType));
    const lastAlarm = lanes.lastIndexOf('alarm');
    const firstNormal = lanes.indexOf('normal');
    expect(lastAlarm, `storage order: ${stored.rows.map((r) => `${r.seq}:${r.type}`).join(' ')}`).toBeLessThan(firstNormal);

    // And the alert reached the alert desk's API after the outage.
    const guard = await sys.as('guard1');
    const { alerts } = await guard.get<{ alerts: { deviceId: string | null; kind: string }[] }>(`/api/alerts?compoundId=${sys.compoundId}`);
    expect(alerts.some((a) => a.deviceId === `${sys.gatewayId}.column-1` && a.kind === 'alarm_button')).toBe(true);
  });

  it('stores a batch once when its ack is lost and the gateway sends it again', async () => {
    const edge = sys.edge;
    const proxy = sys.proxy!;
    const ingest = sys.cloud.cloud.ingest.stats;
    await waitFor(() => edge.status().outbox.depth === 0 && edge.status().lastAckedSeq === edge.status().outbox.lastSeq, { message: 'outbox drained' });
    const seqBefore = edge.status().outbox.lastSeq;
    const dupBefore = ingest.duplicates;
    const storedBefore = ingest.stored;

    proxy.holdDownstream();
    const col = sys.compound.columns.get('column-1') as AlarmColumnSim;
    const n = 10;
    for (let i = 0; i < n; i++) await col.publishEvent({ type: 'alarm.siren_stopped', data: { reason: 'command' } });
    // The cloud stored them and answered, but the answer is held in the proxy ...
    await waitFor(() => ingest.stored >= storedBefore + n, { message: 'cloud stored the batch' });
    await waitFor(() => proxy.heldBytes() > 0, { message: 'the ack is held back' });
    // ... so the gateway times out and sends the same events again: the cloud sees duplicates.
    await waitFor(() => ingest.duplicates >= dupBefore + n, { timeoutMs: 30_000, message: 'gateway resent the unacknowledged batch' });
    expect(edge.status().lastAckedSeq).toBe(seqBefore);

    proxy.release();
    const seqAfter = edge.status().outbox.lastSeq;
    await waitFor(() => edge.status().lastAckedSeq >= seqAfter && edge.status().outbox.depth === 0, { timeoutMs: 30_000, message: 'acks delivered, outbox drained' });

    const events = await cloudEvents();
    const seqs = events.map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: edge.status().outbox.lastSeq }, (_, i) => i + 1));
    const resent = events.filter((e) => e.seq > seqBefore && e.type === 'alarm.siren_stopped');
    expect(resent).toHaveLength(n);
    expect(new Set(resent.map((e) => e.id)).size).toBe(n);
  });
});
