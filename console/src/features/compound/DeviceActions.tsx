/** One-tap remote actions on a device (一键全处理): siren on/off for an alarm column, a snapshot from a camera. */
import { useState } from 'react';
import type { Device, DeviceCommandRequest } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { useErrorText } from '../../components/ui.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';

const actionsByKind: Partial<Record<Device['kind'], { label: MessageKey; body: DeviceCommandRequest }[]>> = {
  alarm_column: [
    { label: 'device.sirenStart', body: { action: 'siren.start', params: { pattern: 'alarm', durationS: 60 } } },
    { label: 'device.sirenStop', body: { action: 'siren.stop' } },
  ],
  camera: [{ label: 'device.snapshot', body: { action: 'camera.snapshot' } }],
};

export function DeviceActions({ device, onDone }: { device: Device; onDone?(action: string): void }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const actions = actionsByKind[device.kind] ?? [];
  if (actions.length === 0) return null;

  async function run(body: DeviceCommandRequest) {
    setBusy(true);
    setResult(null);
    try {
      const r = await must(api.POST('/api/devices/{deviceId}/commands', { params: { path: { deviceId: device.id } }, body }));
      setResult(r.status === 'ok' ? { ok: true, text: t('device.done', { ms: Math.round(r.latencyMs) }) } : { ok: false, text: r.error?.message ?? r.outcome ?? t('gate.notOpened') });
      if (r.status === 'ok') onDone?.(body.action);
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="row">
      {actions.map((a) => (
        <button key={a.body.action} type="button" className="btn btn-small" disabled={busy} onClick={() => void run(a.body)} data-testid={`device-action-${a.body.action}`}>
          {t(a.label)}
        </button>
      ))}
      {result && (
        <span className={result.ok ? 'ok' : 'breach-tag'} data-testid="device-action-result" data-status={result.ok ? 'ok' : 'error'}>
          {result.text}
        </span>
      )}
    </span>
  );
}
