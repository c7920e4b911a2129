/**
 * One-tap actions on an alert card (一键全处理), for the roles that may act: open the gate that
 * raised it, stop the siren on the same gateway, take a new snapshot with the gateway's camera.
 * Each runs the cloud's existing command route and shows its result under the buttons.
 */
import { useState } from 'react';
import type { Device, DeviceCommandRequest } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { useErrorText } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

export interface QuickTargets {
  gate: Device | null;
  sirens: readonly Device[];
  cameras: readonly Device[];
}

/** The devices an alert's quick actions can reach: its own gate, and sirens/cameras on its gateway. */
export function quickTargets(alertDeviceId: string | null, gatewayId: string | null, devices: readonly Device[]): QuickTargets {
  const own = alertDeviceId ? devices.find((d) => d.id === alertDeviceId) : undefined;
  const sameGateway = devices.filter((d) => d.gatewayId === gatewayId);
  return {
    gate: own?.kind === 'gate' ? own : null,
    sirens: sameGateway.filter((d) => d.kind === 'alarm_column'),
    cameras: sameGateway.filter((d) => d.kind === 'camera').slice(0, 1),
  };
}

type Result = { ok: boolean; text: string; snapshotId?: string };

export function QuickActions({ targets, onSnapshot }: { targets: QuickTargets; onSnapshot?(snapshotId: string): void }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  async function run(fn: () => Promise<Result>) {
    setBusy(true);
    setResult(null);
    try {
      const r = await fn();
      setResult(r);
      if (r.snapshotId) onSnapshot?.(r.snapshotId);
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  const command = (d: Device, body: DeviceCommandRequest) => async (): Promise<Result> => {
    const r = await must(api.POST('/api/devices/{deviceId}/commands', { params: { path: { deviceId: d.id } }, body }));
    const snap = r.data?.snapshotId;
    return r.status === 'ok'
      ? { ok: true, text: t('device.done', { ms: Math.round(r.latencyMs) }), snapshotId: typeof snap === 'string' ? snap : undefined }
      : { ok: false, text: r.error?.message ?? r.outcome ?? t('gate.notOpened') };
  };
  const openGate = (d: Device) => async (): Promise<Result> => {
    const r = await must(api.POST('/api/gates/{gateId}/open', { params: { path: { gateId: d.id } }, body: {} }));
    return r.status === 'ok' ? { ok: true, text: t('gate.opened', { ms: Math.round(r.latencyMs) }) } : { ok: false, text: r.outcome ?? t('gate.notOpened') };
  };

  const { gate, sirens, cameras } = targets;
  if (!gate && sirens.length === 0 && cameras.length === 0) return null;
  const named = (label: string, d: Device, many: boolean) => (many ? `${label} · ${d.name ?? d.deviceId}` : label);
  return (
    <div className="quick-actions" data-testid="alert-quick-actions">
      {gate && (
        <button type="button" className="btn btn-small" disabled={busy || gate.online === false} onClick={() => void run(openGate(gate))} data-testid="alert-open-gate">
          {gate.online === false ? t('alertCard.gateOffline') : t('compound.openGate')}
        </button>
      )}
      {sirens.map((s) => (
        <button key={s.id} type="button" className="btn btn-small" disabled={busy} onClick={() => void run(command(s, { action: 'siren.stop' }))} data-testid="alert-stop-siren">
          {named(t('device.sirenStop'), s, sirens.length > 1)}
        </button>
      ))}
      {cameras.map((c) => (
        <button key={c.id} type="button" className="btn btn-small" disabled={busy} onClick={() => void run(command(c, { action: 'camera.snapshot' }))} data-testid="alert-new-snapshot">
          {t('device.snapshot')}
        </button>
      ))}
      {busy && <span className="muted">{t('alertCard.working')}</span>}
      {result && (
        <span className={result.ok ? 'ok' : 'breach-tag'} data-testid="alert-action-result" data-status={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </span>
      )}
    </div>
  );
}
