/** One-tap remote actions on a device (一键全处理): siren on/off for an alarm column, a snapshot from a camera. */
import type { Device, DeviceCommandRequest } from '../../api/types.js';
import { useRemoteAction } from '../../components/use-remote-action.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';

const actionsByKind: Partial<Record<Device['kind'], { label: MessageKey; body: DeviceCommandRequest }[]>> = {
  alarm_column: [
    { label: 'device.sirenStart', body: { action: 'siren.start', params: { pattern: 'alarm', durationS: 60 } } },
    { label: 'device.sirenStop', body: { action: 'siren.stop' } },
  ],
  camera: [{ label: 'device.snapshot', body: { action: 'camera.snapshot' } }],
};

export function DeviceActions({ device, onDone }: { device: Device; onDone?(action: string): void }) {
  const { t } = useI18n();
  const { busy, result, command } = useRemoteAction();
  const actions = actionsByKind[device.kind] ?? [];
  if (actions.length === 0) return null;

  async function run(body: DeviceCommandRequest) {
    const r = await command(device.id, body);
    if (r?.ok) onDone?.(r.action);
  }

  return (
    <span className="row">
      {actions.map((a) => (
        <button key={a.body.action} type="button" className="btn btn-small" disabled={busy} onClick={() => void run(a.body)} data-testid={`device-action-${a.body.action}`}>
          {t(a.label)}
        </button>
      ))}
      {result && (
        <span className={result.ok ? 'ok' : 'breach-tag'} data-testid="device-action-result" data-status={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.ok ? t('device.done', { ms: Math.round(result.latencyMs) }) : result.reason}
        </span>
      )}
    </span>
  );
}
