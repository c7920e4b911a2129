/**
 * Camera on ONVIF: connect with credentials, report camera.online with the model, probe
 * periodically (two failed probes in a row = camera.offline with a reason), take snapshots on
 * demand into a capped store, and turn PullPoint notifications into motion / tamper events.
 *
 * A camera that is unreachable when the agent starts is not reported offline at once (after a
 * power cut the Pi often boots before the cameras); it is after startupGraceMs.
 */
import { newId, type CameraConfig } from '@yardguard/firmware-config/wire';
import type { OnvifCamera } from '../../hw/onvif-port.js';
import type { CommandOutcome, DeviceAdapter, DeviceContext } from '../types.js';
import type { CredentialResolver } from './credentials.js';
import { cameraEventOf } from './onvif-events.js';
import { SnapshotStore } from './snapshot-store.js';

export interface CameraOptions {
  credentials?: CredentialResolver;
  /** Defaults to probeIntervalS from the config. */
  probeIntervalMs?: number;
  /** Consecutive failed probes before offline (default 2). */
  failuresToOffline?: number;
  /** Retry delay inside a failure streak (default min(5 s, probe interval)). */
  retryMs?: number;
  /** How long an unreachable camera at start stays "unknown" before it is offline (default 120 s). */
  startupGraceMs?: number;
}

type OfflineReason = 'probe_failed' | 'auth_failed' | 'unreachable';

export function offlineReasonOf(err: unknown): OfflineReason {
  const msg = String((err as Error)?.message ?? err);
  if (/401|NotAuthorized|Unauthorized|not authorized|Sender not Authorized/i.test(msg)) return 'auth_failed';
  if (/Network Error|ECONNREFUSED|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|socket hang up|timeout/i.test(msg)) return 'unreachable';
  return 'probe_failed';
}

export function createCamera(cfg: CameraConfig, ctx: DeviceContext, opts: CameraOptions = {}): DeviceAdapter & { readonly store: SnapshotStore; readonly ready: Promise<void> } {
  const log = ctx.log.child({ mod: 'camera', deviceId: cfg.id });
  const cameraCount = Math.max(1, ctx.site.cameras.length);
  // The site-wide cap is shared evenly: each camera keeps its own directory within its share.
  const store = new SnapshotStore(ctx.dataDir, (ctx.site.gateway.snapshots.maxMb * 1024 * 1024) / cameraCount);
  const probeIntervalMs = opts.probeIntervalMs ?? cfg.probeIntervalS * 1000;
  const retryMs = opts.retryMs ?? Math.min(5000, probeIntervalMs);
  const failuresToOffline = opts.failuresToOffline ?? 2;
  const startupGraceMs = opts.startupGraceMs ?? 120_000;

  let cam: OnvifCamera | undefined;
  let state: 'unknown' | 'online' | 'offline' = 'unknown';
  let initialised = false;
  let failures = 0;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let firstAttempt: Promise<void> = Promise.resolve();
  let subscription: { stop(): Promise<void> } | null = null;
  let noEvents = false;
  let lastSeenAt: Date | undefined;
  let model: string | undefined;
  const motion = new Map<string, boolean>();

  const emit = (body: Parameters<DeviceContext['emit']>[0]) =>
    ctx.emit(body).catch((err: unknown) => log.error({ err, type: body.type }, 'could not record camera event'));

  function connect(): OnvifCamera {
    let user: string | undefined;
    let pass: string | undefined;
    if (cfg.onvif.credentialsRef) {
      const c = opts.credentials?.(cfg.onvif.credentialsRef);
      if (!c) log.warn({ ref: cfg.onvif.credentialsRef }, 'no credentials for this camera in the secrets file; trying without');
      user = c?.user;
      pass = c?.pass;
    }
    return ctx.onvif.connect({ xaddr: cfg.onvif.xaddr, ...(user ? { user, pass: pass ?? '' } : {}) });
  }

  async function goOnline(): Promise<void> {
    if (!initialised || !cam) {
      cam = connect();
      const info = await cam.init();
      if (stopped) return;
      initialised = true;
      model = [info.manufacturer, info.model].filter(Boolean).join(' ') || undefined;
      emit({ type: 'camera.online', data: { ...(model ? { model: model.slice(0, 120) } : {}), ...(info.firmwareVersion ? { firmware: info.firmwareVersion.slice(0, 60) } : {}) } });
    } else {
      await cam.probe();
      emit({ type: 'camera.online', data: model ? { model: model.slice(0, 120) } : {} });
    }
    state = 'online';
    failures = 0;
    lastSeenAt = ctx.now();
    ctx.setOnline(true);
    if (cfg.events) await subscribe();
  }

  async function subscribe(): Promise<void> {
    if (!cam || subscription || noEvents) return;
    try {
      const s = await cam.subscribeEvents(onNotification, () => {
        // Dead on its own (camera rebooted between probes): the next successful probe resubscribes.
        if (subscription === s) subscription = null;
      });
      subscription = s;
      if (!subscription) {
        noEvents = true;
        log.info('camera offers no PullPoint events');
      }
    } catch (err) {
      log.warn({ err }, 'PullPoint subscription failed; motion/tamper events unavailable until the next reconnect');
    }
  }

  async function unsubscribe(): Promise<void> {
    const s = subscription;
    subscription = null;
    await s?.stop().catch(() => undefined);
  }

  function onNotification(n: Parameters<Parameters<OnvifCamera['subscribeEvents']>[0]>[0]): void {
    const body = cameraEventOf(n);
    if (!body) return;
    lastSeenAt = ctx.now();
    // Report changes only; the state a new subscription starts with (Initialized) is a resync.
    const key = `${body.type}:${body.type === 'camera.motion' ? body.data.source : body.data.detail}`;
    if (motion.get(key) === body.data.active) return;
    motion.set(key, body.data.active);
    if (n.operation === 'Initialized') return;
    emit(body);
  }

  async function goOffline(err: unknown): Promise<void> {
    const reason = offlineReasonOf(err);
    state = 'offline';
    await unsubscribe();
    if (reason === 'auth_failed') initialised = false;
    emit({ type: 'camera.offline', data: { reason, detail: String((err as Error)?.message ?? err).slice(0, 200) } });
    ctx.setOnline(false, 'probe_failed');
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    try {
      if (state === 'online' && cam) {
        await cam.probe();
        failures = 0;
        lastSeenAt = ctx.now();
        if (cfg.events && !subscription) await subscribe();
      } else {
        await goOnline();
      }
    } catch (err) {
      failures++;
      log.debug({ err, failures }, 'camera probe failed');
      const inGrace = state === 'unknown' && ctx.now().getTime() - startedAt < startupGraceMs;
      if (state !== 'offline' && failures >= failuresToOffline && !inGrace) await goOffline(err);
      if (state === 'online' && failures < failuresToOffline) return schedule(retryMs);
    }
    schedule(state === 'unknown' ? retryMs : probeIntervalMs);
  }

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  }

  async function snapshot(reason: 'command' | 'rule' | 'manual'): Promise<CommandOutcome> {
    if (!cam || !initialised) return { status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} is not connected` };
    if (state === 'offline') return { status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} is offline` };
    try {
      const { body, contentType } = await cam.snapshot();
      const snapshotId = newId();
      const saved = store.save(snapshotId, body, contentType);
      const ref = `${cfg.id}/${saved.file}`;
      await emit({ type: 'camera.snapshot', data: { snapshotId, ref, contentType, bytes: saved.bytes, reason } });
      lastSeenAt = ctx.now();
      return { status: 'ok', outcome: 'snapshot_taken', data: { snapshotId, ref, bytes: saved.bytes, contentType } };
    } catch (err) {
      return { status: 'error', code: 'CAMERA_ERROR', message: `snapshot failed: ${(err as Error).message}` };
    }
  }

  return {
    id: cfg.id,
    kind: 'camera',
    store,
    /** Resolves when the first connection attempt after start() has finished (tests, status). */
    get ready() {
      return firstAttempt;
    },
    /**
     * Returns at once: the first connection runs in the background, so a camera that is slow or
     * unreachable (3 s HTTP timeouts per SOAP call) never delays the agent or the other devices.
     */
    start() {
      stopped = false;
      startedAt = ctx.now().getTime();
      firstAttempt = tick();
      return Promise.resolve();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unsubscribe();
    },
    async execute(action) {
      if (action.action === 'camera.snapshot') return snapshot(action.params.reason);
      return { status: 'error', code: 'UNSUPPORTED', message: `a camera does not do ${action.action}` };
    },
    status: () => ({
      id: cfg.id,
      kind: 'camera',
      online: state === 'online',
      ...(lastSeenAt ? { lastSeenAt } : {}),
      state: { link: state, snapshots: store.list().length, snapshotBytes: store.totalBytes, events: subscription !== null },
    }),
  };
}
