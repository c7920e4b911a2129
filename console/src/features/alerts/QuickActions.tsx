/**
 * One-tap actions on an alert card (一键全处理), for the roles that may act: open the gate that
 * raised it, stop the siren on the same gateway, take a new snapshot with the gateway's camera.
 * Each runs the cloud's existing command route and shows its result under the buttons.
 */
import type { Device, DeviceCommandRequest } from '../../api/types.js';
import { useRemoteAction } from '../../components/use-remote-action.js';
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

export function QuickActions({ targets, onSnapshot }: { targets: QuickTargets; onSnapshot?(snapshotId: string): void }) {
  const { t } = useI18n();
  const { busy, result, openGate, command } = useRemoteAction();
  async function send(d: Device, body: DeviceCommandRequest) {
    const r = await command(d.id, body);
    if (r?.ok && r.snapshotId) onSnapshot?.(r.snapshotId);
  }

  const { gate, sirens, cameras } = targets;
  if (!gate && sirens.length === 0 && cameras.length === 0) return null;
  const named = (label: string, d: Device, many: boolean) => (many ? `${label} · ${d.name ?? d.deviceId}` : label);
  return (
    <div className="quick-actions" data-testid="alert-quick-actions">
      {gate && (
        <button type="button" className="btn btn-small" disabled={busy || gate.online === false} onClick={() => void openGate(gate.id)} data-testid="alert-open-gate">
          {gate.online === false ? t('alertCard.gateOffline') : t('compound.openGate')}
        </button>
      )}
      {sirens.map((s) => (
        <button key={s.id} type="button" className="btn btn-small" disabled={busy} onClick={() => void send(s, { action: 'siren.stop' })} data-testid="alert-stop-siren">
          {named(t('device.sirenStop'), s, sirens.length > 1)}
        </button>
      ))}
      {cameras.map((c) => (
        <button key={c.id} type="button" className="btn btn-small" disabled={busy} onClick={() => void send(c, { action: 'camera.snapshot' })} data-testid="alert-new-snapshot">
          {t('device.snapshot')}
        </button>
      ))}
      {busy && <span className="muted">{t('alertCard.working')}</span>}
      {result && (
        <span className={result.ok ? 'ok' : 'breach-tag'} data-testid="alert-action-result" data-status={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.ok ? t(result.action === 'gate.open' ? 'gate.opened' : 'device.done', { ms: Math.round(result.latencyMs) }) : result.reason}
        </span>
      )}
    </div>
  );
}
