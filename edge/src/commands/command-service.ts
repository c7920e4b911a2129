/**
 * The serialized command / config service: every verified cloud command goes through here, one
 * at a time (SerialQueue), so a config push and a gate.open never interleave. gateway.discover
 * and gateway.diagnostics only read (the LAN, the logs, the state) and run beside the queue (they
 * take seconds and must not hold up a gate).
 *
 * gateway.resend_dead_letters queues the events the cloud once rejected again, through the same
 * code as `yardguard-edge dead-letters --resend` (Housekeeping.resendDeadLetters).
 *
 * Config push: validated with validateSiteConfig, must name this gateway and compound, stored
 * (database + DIR/site.applied.json) and applied by DeviceHost.swap (the rules in force keep
 * running meanwhile). Versions are immutable: the version in force again is a no-op answered
 * config_applied, an older one is refused as stale. A pushed config outlives a restart
 * (configInForce) when its version is newer than the file's.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStorageFault, storageFaults } from '../state/storage-faults.js';
import { validateSiteConfig, type AgentUpdateParams, type Command, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { GatewayDiagnostics } from '@yardguard/firmware-config';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { Meta, type Db } from '../state/db.js';
import type { DeviceHost } from '../devices/device-host.js';
import type { CommandOutcome } from '../devices/types.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { OnvifPort } from '../hw/onvif-port.js';
import { SerialQueue } from './serial-queue.js';

export interface CommandServiceOptions {
  db: Db;
  dataDir: string;
  log: Logger;
  clock: Clock;
  host: DeviceHost;
  recorder: EventRecorder;
  onvif: OnvifPort;
  diagnose(params: { logLines: number; check: boolean }): Promise<GatewayDiagnostics>;
  update(params: AgentUpdateParams): Promise<CommandOutcome>;
  /** Queue the dead letters again (the same code as `dead-letters --resend`): housekeeping's. */
  resendDeadLetters: () => { resent: number; remaining: number };
}

/** Long, read-only or self-contained: they must not hold up a gate. */
const BESIDE_THE_QUEUE = new Set<Command['action']>(['gateway.discover', 'gateway.diagnostics', 'agent.update']);
const GATEWAY_ONLY = new Set<Command['action']>(['gateway.discover', 'gateway.diagnostics', 'agent.update', 'gateway.resend_dead_letters']);

export class CommandService {
  private readonly queue = new SerialQueue();
  private readonly meta: Meta;

  constructor(private readonly opts: CommandServiceOptions) {
    this.meta = new Meta(opts.db);
  }

  /** Run a verified command (one at a time, discovery aside). */
  dispatch(cmd: Command): Promise<CommandOutcome> {
    return BESIDE_THE_QUEUE.has(cmd.action) ? this.run(cmd) : this.queue.run(() => this.run(cmd));
  }

  /** Tell the cloud which config is in force (once per version), so it does not re-push it. */
  async reportConfigInForce(): Promise<void> {
    const site = this.opts.host.site;
    if (site.configVersion > 0 && this.meta.getNumber('reported_config_version', -1) !== site.configVersion) {
      await this.opts.recorder.emit(site.gateway.id, { type: 'gateway.config_applied', data: { configVersion: site.configVersion } });
      this.meta.set('reported_config_version', site.configVersion);
    }
  }

  private async run(cmd: Command): Promise<CommandOutcome> {
    const site = this.opts.host.site;
    if (cmd.action === 'config.push') {
      if (cmd.deviceId !== site.gateway.id) return { status: 'error', code: 'CONFIG_REJECTED', message: 'config.push must address the gateway itself' };
      return this.applyConfig(cmd.params.configVersion, cmd.params.config);
    }
    if (GATEWAY_ONLY.has(cmd.action) && cmd.deviceId !== site.gateway.id) return { status: 'error', code: 'CMD_INVALID', message: `${cmd.action} must address the gateway itself` };
    if (cmd.action === 'gateway.discover') {
      const cameras = await this.opts.onvif.discover({ timeoutMs: cmd.params.timeoutS * 1000 });
      return { status: 'ok', outcome: 'discovered', data: { cameras } };
    }
    if (cmd.action === 'agent.update') return this.opts.update(cmd.params);
    if (cmd.action === 'gateway.diagnostics') {
      return { status: 'ok', outcome: 'diagnostics', data: await this.opts.diagnose(cmd.params) };
    }
    if (cmd.action === 'gateway.resend_dead_letters') {
      try {
        return { status: 'ok', outcome: 'dead_letters_resent', data: this.opts.resendDeadLetters() };
      } catch (err) {
        if (!isStorageFault(err)) throw err;
        storageFaults(this.opts.db).report('dead-letters', err as Error);
        return { status: 'error', code: 'UNSUPPORTED', message: `gateway disk full or failing (${(err as { code?: string }).code}): free space on the gateway, then re-send again` };
      }
    }
    return this.opts.host.execute(cmd.deviceId, cmd, cmd.id, this.localExpiry(cmd));
  }

  /** The command's expiry moved from cloud time to this Pi's wall clock (what devices compare with). */
  private localExpiry(cmd: Command): Date {
    const { clock } = this.opts;
    return new Date(clock.wallMs() + (Date.parse(cmd.expiresAt) - (clock.cloudMs() ?? clock.wallMs())));
  }

  private async applyConfig(configVersion: number, raw: unknown): Promise<CommandOutcome> {
    const { host, recorder, log } = this.opts;
    const site = host.site;
    const candidate = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>), configVersion } : raw;
    const r = validateSiteConfig(candidate);
    const reject = async (error: string): Promise<CommandOutcome> => {
      log.warn({ configVersion, error }, 'config push rejected');
      await recorder.emit(site.gateway.id, { type: 'gateway.config_rejected', data: { configVersion, error: error.slice(0, 2000) } });
      return { status: 'error', code: 'CONFIG_REJECTED', message: error.slice(0, 500) };
    };
    if (!r.ok) return reject(r.error);
    if (configVersion === site.configVersion) {
      await recorder.emit(site.gateway.id, { type: 'gateway.config_applied', data: { configVersion } });
      return { status: 'ok', outcome: 'config_applied', data: { configVersion, unchanged: true } };
    }
    if (configVersion < site.configVersion) return reject(`config version ${configVersion} is older than the one in force (${site.configVersion})`);
    const next = r.value;
    if (next.gateway.id !== site.gateway.id || next.compound.id !== site.compound.id) {
      return reject(`config is for gateway ${next.gateway.id} / compound ${next.compound.id}, this is ${site.gateway.id} / ${site.compound.id}`);
    }
    try {
      this.persist(next);
    } catch (err) {
      if (!isStorageFault(err)) throw err;
      // Not applied: a config in force that would not survive a restart is worse than the old one.
      storageFaults(this.opts.db).report('site-config', err as Error);
      return { status: 'error', code: 'CONFIG_REJECTED', message: `gateway disk full or failing (${(err as { code?: string }).code}): free space on the gateway, then push again` };
    }
    await host.swap(next);
    log.info({ configVersion }, 'config applied');
    await recorder.emit(next.gateway.id, { type: 'gateway.config_applied', data: { configVersion } });
    this.meta.set('reported_config_version', configVersion);
    return { status: 'ok', outcome: 'config_applied', data: { configVersion } };
  }

  private persist(cfg: SiteConfig): void {
    this.opts.db.prepare('INSERT OR REPLACE INTO site_config (id, config_version, json, applied_at) VALUES (1, ?, ?, ?)').run(cfg.configVersion, JSON.stringify(cfg), this.opts.clock.wallMs());
    // A readable copy beside the database, written atomically, for installers.
    const file = join(this.opts.dataDir, 'site.applied.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(cfg, null, 2));
    renameSync(`${file}.tmp`, file);
  }
}

/** A config pushed by the cloud outlives the file the agent was started with. */
export function configInForce(db: Db, fileSite: SiteConfig, log: Logger): SiteConfig {
  const row = db.prepare<[], { config_version: number; json: string }>('SELECT config_version, json FROM site_config WHERE id = 1').get();
  if (!row || row.config_version <= fileSite.configVersion) return fileSite;
  const r = validateSiteConfig(JSON.parse(row.json));
  if (!r.ok || r.value.gateway.id !== fileSite.gateway.id) return fileSite;
  log.info({ configVersion: row.config_version }, 'using the config last pushed by the cloud');
  return r.value;
}
