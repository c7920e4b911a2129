/**
 * Installer page: run a test snapshot (camera) or a short test pulse (gate) on one device and show
 * what came back: the image, or the device's own reason for failing. One narrow cloud route
 * (POST /api/devices/:deviceId/test), audited there.
 */
import { useState } from 'react';
import type { DeviceTestRequest, DeviceTestResponse } from '@yardguard/firmware-config';
import { must, useTypedApi } from '../../api/typed.js';
import { AuthImage } from '../../components/AuthImage.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { commandReason } from '../../i18n/command-reason.js';

export function DeviceTest({ deviceId, deviceName, kind }: { deviceId: string; deviceName: string; kind: 'camera' | 'gate' }) {
  const i18n = useI18n();
  const { t } = i18n;
  const api = useTypedApi();
  const action: DeviceTestRequest['action'] = kind === 'camera' ? 'snapshot' : 'pulse';
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DeviceTestResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await must(api.POST('/api/devices/{deviceId}/test', { params: { path: { deviceId } }, body: { action } })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="device-test" data-testid="device-test" data-device-id={deviceId}>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void run()} data-testid={`device-test-${action}`}>
        {busy ? t('installer.testRunning') : t(action === 'snapshot' ? 'installer.testSnapshot' : 'installer.testPulse')}
      </button>
      {result && (
        <span data-testid="device-test-result" data-status={result.status} data-snapshot-id={result.snapshotId}>
          {result.status === 'ok' ? (
            <span className="ok">{t(action === 'snapshot' ? 'installer.testSnapshotOk' : 'installer.testPulseOk', { ms: result.latencyMs })}</span>
          ) : (
            <span className="error">{t('installer.testFailed', { reason: result.error ? (commandReason(i18n, result.error.code, result.error.message) ?? `${result.error.message} (${result.error.code})`) : t('installer.testNoReason') })}</span>
          )}
          {result.snapshotId && <AuthImage path={`/api/snapshots/${encodeURIComponent(result.snapshotId)}`} alt={t('installer.testSnapshotAlt', { name: deviceName })} testId="device-test-image" className="thumb" />}
        </span>
      )}
      <ErrorLine error={error} />
    </span>
  );
}
