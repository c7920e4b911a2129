/**
 * The console's remote actions on a device, each through the cloud's one route for it: open a gate
 * (the cloud signs a single-use command and waits for the relay) and a device command (siren,
 * snapshot). One action at a time per caller, and its answer in the reader's words: an edge's
 * refusal by its code (cmdError.*), an HTTP error by its code (error.*).
 */
import { useState } from 'react';
import type { DeviceCommandRequest } from '../api/types.js';
import { must, useTypedApi } from '../api/typed.js';
import { commandReason } from '../i18n/command-reason.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './ui.js';

export type RemoteResult =
  | { ok: true; action: string; latencyMs: number; snapshotId?: string }
  | { ok: false; action: string; reason: string };

export function useRemoteAction() {
  const api = useTypedApi();
  const i18n = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RemoteResult | null>(null);

  async function run(action: string, call: () => Promise<RemoteResult>): Promise<RemoteResult> {
    setBusy(true);
    setResult(null);
    let r: RemoteResult;
    try {
      r = await call();
    } catch (e) {
      r = { ok: false, action, reason: errorText(e) };
    }
    setResult(r);
    setBusy(false);
    return r;
  }

  const openGate = (gateId: string): Promise<RemoteResult> =>
    run('gate.open', async () => {
      const r = await must(api.POST('/api/gates/{gateId}/open', { params: { path: { gateId } }, body: {} }));
      return r.status === 'ok' ? { ok: true, action: 'gate.open', latencyMs: r.latencyMs } : { ok: false, action: 'gate.open', reason: r.outcome ?? i18n.t('gate.notOpened') };
    });

  const command = (deviceId: string, body: DeviceCommandRequest): Promise<RemoteResult> =>
    run(body.action, async () => {
      const r = await must(api.POST('/api/devices/{deviceId}/commands', { params: { path: { deviceId } }, body }));
      if (r.status === 'ok') {
        const snap = r.data?.snapshotId;
        return { ok: true, action: body.action, latencyMs: r.latencyMs, ...(typeof snap === 'string' ? { snapshotId: snap } : {}) };
      }
      const reason = commandReason(i18n, r.error?.code, r.error?.message) ?? r.error?.message ?? r.outcome ?? i18n.t('device.failed');
      return { ok: false, action: body.action, reason };
    });

  return { busy, result, openGate, command };
}
