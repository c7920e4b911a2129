/**
 * The console's remote actions on a device, each through the cloud's one route for it: open a gate
 * (the cloud signs a single-use command and waits for the relay) and a device command (siren,
 * snapshot). One action at a time per caller (useAction), and its answer in the reader's words: an
 * edge's refusal by its code (cmdError.*), an HTTP error by its code (error.*).
 */
import { useState } from 'react';
import type { DeviceCommandRequest } from '../api/types.js';
import { must, useTypedApi } from '../api/typed.js';
import { commandReason } from '../i18n/command-reason.js';
import { useI18n } from '../i18n/i18n.js';
import { useAction } from './use-action.js';
import { useErrorText } from './ui.js';

export type RemoteResult = { ok: true; action: string; latencyMs: number; snapshotId?: string } | { ok: false; reason: string };

export function useRemoteAction() {
  const api = useTypedApi();
  const i18n = useI18n();
  const errorText = useErrorText();
  const { busy, error, run } = useAction();
  const [answer, setAnswer] = useState<RemoteResult | null>(null);
  // A request that threw (HTTP error, no network) is shown like a refusal.
  const result: RemoteResult | null = error ? { ok: false, reason: errorText(error) } : answer;

  /** The answer, or null when the request threw (its words are in `result`). */
  async function perform(call: () => Promise<RemoteResult>): Promise<RemoteResult | null> {
    let r: RemoteResult | null = null;
    setAnswer(null);
    await run(async () => {
      r = await call();
      setAnswer(r);
    });
    return r;
  }

  const openGate = (gateId: string) =>
    perform(async () => {
      const r = await must(api.POST('/api/gates/{gateId}/open', { params: { path: { gateId } }, body: {} }));
      return r.status === 'ok' ? { ok: true, action: 'gate.open', latencyMs: r.latencyMs } : { ok: false, reason: r.outcome ?? i18n.t('gate.notOpened') };
    });

  const command = (deviceId: string, body: DeviceCommandRequest) =>
    perform(async () => {
      const r = await must(api.POST('/api/devices/{deviceId}/commands', { params: { path: { deviceId } }, body }));
      if (r.status === 'ok') {
        const snap = r.data?.snapshotId;
        return { ok: true, action: body.action, latencyMs: r.latencyMs, ...(typeof snap === 'string' ? { snapshotId: snap } : {}) };
      }
      return { ok: false, reason: commandReason(i18n, r.error?.code, r.error?.message) ?? r.error?.message ?? r.outcome ?? i18n.t('device.failed') };
    });

  return { busy, result, openGate, command };
}
