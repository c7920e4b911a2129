/**
 * Over-the-air updates on the gateway (the signed `agent.update` command):
 * 1. check the release signature (cloud key pinned at enrollment) over {version, sha256, bytes};
 * 2. download the tarball over HTTP, resuming after a dropped link, and check size and sha256;
 * 3. unpack it beside the running version into ROOT/releases/<version>, check every file against
 *    its manifest;
 * 4. write DIR/update.json (trial, deadline), point ROOT/current at the new version, and ask the
 *    supervisor to restart the agent (exit EXIT_RESTART; systemd restarts it through the launcher);
 * 5. the new version reports gateway.started {update: updated} and stays only when the cloud acks
 *    that event before the deadline; otherwise it points `current` back and restarts, and the old
 *    version reports gateway.started {update: rolled_back, reason}. A version that crashes before
 *    it can judge itself is rolled back by the launcher (bin/yardguard-launch) after a few starts.
 * The outbox and the broker's sessions are in DIR, outside the releases: both survive the switch.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AgentUpdateParams } from '@yardguard/firmware-config/wire';
import { verifyRelease } from '@yardguard/firmware-config/node';
import type { CommandOutcome } from '../devices/types.js';
import type { Logger } from '../log.js';
import { downloadResumable } from './download.js';
import { currentVersion, pointCurrentAt, releaseDir, type ReleaseLayout } from './layout.js';
import { clearUpdateState, readUpdateState, writeUpdateState, type UpdateState } from './update-state.js';

const run = promisify(execFile);

export interface UpdaterOptions {
  dataDir: string;
  /** null: not installed from a release (a checkout, a test): updates are refused. */
  layout: ReleaseLayout | null;
  agentVersion: string;
  cloudKey: string;
  /** The gateway's login for the download (HTTP Basic), and the pinned CA for https. */
  login: { username: string; password: string; ca?: string } | null;
  log: Logger;
  wallMs(): number;
  /** Stop the agent and exit so the supervisor starts `current` again. */
  requestRestart(reason: string): void;
  /** How often the trial version looks at its health (ms). */
  trialCheckMs?: number;
}

export interface UpdateReport {
  from: string;
  to: string;
  outcome: 'updated' | 'rolled_back';
  reason?: string;
}

export class Updater {
  private busy = false;
  private trialTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: UpdaterOptions) {}

  /** At start: what to report in gateway.started about an update, if one is in progress or just ended. */
  startupReport(): UpdateReport | undefined {
    const { dataDir, agentVersion } = this.opts;
    const s = readUpdateState(dataDir);
    if (!s) return undefined;
    if (s.state === 'trial' && s.to === agentVersion) return { from: s.from, to: s.to, outcome: 'updated' };
    clearUpdateState(dataDir);
    const reason = s.state === 'rolled_back' ? s.reason : `started on ${agentVersion} instead of ${s.to}`;
    return { from: s.from, to: s.to, outcome: 'rolled_back', ...(reason ? { reason: reason.slice(0, 500) } : {}) };
  }

  /**
   * The trial of a new version: healthy once `healthy()` (connected, gateway.started acked) before
   * the deadline; past it, roll back by itself and restart.
   */
  watchTrial(healthy: () => boolean, why: () => string): void {
    const s = readUpdateState(this.opts.dataDir);
    if (!s || s.state !== 'trial' || s.to !== this.opts.agentVersion) return;
    const { log } = this.opts;
    const tick = () => {
      if (healthy()) {
        clearUpdateState(this.opts.dataDir);
        log.info({ from: s.from, to: s.to }, 'update healthy: keeping the new version');
        return;
      }
      if (this.opts.wallMs() > s.deadlineAt) {
        this.rollBack(s, `version ${s.to} was not healthy within ${Math.round((s.deadlineAt - s.startedAt) / 1000)} s: ${why()}`);
        return;
      }
      this.trialTimer = setTimeout(tick, this.opts.trialCheckMs ?? 500);
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.trialTimer);
  }

  private rollBack(s: UpdateState, reason: string): void {
    const { layout, log } = this.opts;
    log.error({ from: s.from, to: s.to, reason }, 'update failed: rolling back');
    if (layout) pointCurrentAt(layout, s.from);
    writeUpdateState(this.opts.dataDir, { ...s, state: 'rolled_back', reason });
    this.opts.requestRestart(`rollback to ${s.from}`);
  }

  /** The agent.update command. One at a time; the answer comes before the restart. */
  async apply(p: AgentUpdateParams): Promise<CommandOutcome> {
    const { layout, agentVersion, log } = this.opts;
    const fail = (message: string): CommandOutcome => {
      log.warn({ version: p.version, message }, 'update refused');
      return { status: 'error', code: 'UPDATE_FAILED', message };
    };
    if (!layout) return { status: 'error', code: 'UNSUPPORTED', message: 'this agent does not run from a release (ROOT/releases/<version> with a current link): install it with first-boot.sh' };
    if (!this.opts.login) return fail('no gateway login to download with (not enrolled)');
    if (p.version === agentVersion) return { status: 'ok', outcome: 'already_running', data: { version: agentVersion } };
    if (readUpdateState(this.opts.dataDir)?.state === 'trial') return fail(`version ${agentVersion} is still on trial: wait until it is kept or rolled back`);
    if (this.busy) return fail('an update is already being downloaded');
    if (!verifyRelease(p, p.signature, this.opts.cloudKey)) return fail('the release signature does not match the cloud key pinned at enrollment');
    this.busy = true;
    try {
      const dir = join(this.opts.dataDir, 'updates');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `yardguard-edge-${p.version}.tar.gz`);
      if (existsSync(file) && (await sha256File(file)) !== p.sha256) rmSync(file);
      if (!existsSync(file)) {
        const { resumedAt } = await downloadResumable({ url: p.url, file, bytes: p.bytes, ...this.opts.login });
        if (resumedAt.length > 0) log.info({ version: p.version, resumedAt }, 'download resumed');
      }
      const sum = await sha256File(file);
      if (sum !== p.sha256) {
        rmSync(file);
        return fail(`downloaded file has sha256 ${sum}, the release says ${p.sha256}`);
      }
      const problem = await this.unpack(file, p.version);
      if (problem) return fail(problem);
      const now = this.opts.wallMs();
      writeUpdateState(this.opts.dataDir, { from: agentVersion, to: p.version, state: 'trial', startedAt: now, deadlineAt: now + p.healthDeadlineS * 1000, attempts: 0 });
      pointCurrentAt(layout, p.version);
      rmSync(file, { force: true });
      log.info({ from: agentVersion, to: p.version, current: currentVersion(layout) }, 'update unpacked and switched: restarting');
      // The result is queued durably first; the restart follows shortly after.
      setTimeout(() => this.opts.requestRestart(`update to ${p.version}`), 300).unref();
      return { status: 'ok', outcome: 'switching', data: { from: agentVersion, to: p.version } };
    } catch (e) {
      return fail((e as Error).message.slice(0, 400));
    } finally {
      this.busy = false;
    }
  }

  /** Unpack into releases/.unpack-<version>, check the manifest, move to releases/<version>. */
  private async unpack(file: string, version: string): Promise<string | null> {
    const layout = this.opts.layout!;
    const tmp = join(layout.releasesDir, `.unpack-${version}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      await run('tar', ['-xzf', file, '-C', tmp, '--no-same-owner']);
      const inner = join(tmp, `yardguard-edge-${version}`);
      const manifestFile = join(inner, 'manifest.json');
      if (!existsSync(manifestFile)) return `the tarball has no yardguard-edge-${version}/manifest.json`;
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version?: string; files?: Record<string, string>; builtFor?: { platform?: string; arch?: string; nodeAbi?: string } };
      if (manifest.version !== version) return `the tarball's manifest says version ${manifest.version}, the release says ${version}`;
      // Native modules are not rebuilt over the air: the release must be built for this machine.
      const b = manifest.builtFor;
      if (b && (b.platform !== process.platform || b.arch !== process.arch || b.nodeAbi !== process.versions.modules)) {
        return `the release was built for ${b.platform}-${b.arch} Node ABI ${b.nodeAbi}; this gateway is ${process.platform}-${process.arch} Node ABI ${process.versions.modules}: upload a release built for it`;
      }
      for (const [rel, sum] of Object.entries(manifest.files ?? {})) {
        if (rel.includes('..')) return `manifest names a path outside the release: ${rel}`;
        const f = join(inner, rel);
        if (!existsSync(f) || (await sha256File(f)) !== sum) return `file ${rel} does not match the manifest`;
      }
      const dest = releaseDir(layout, version);
      if (version !== currentVersion(layout)) rmSync(dest, { recursive: true, force: true });
      renameSync(inner, dest);
      return null;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}
