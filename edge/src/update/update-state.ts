/**
 * DIR/update.json: an update in progress, shared by the agent and the launcher (plain JSON, written
 * by rename). `trial`: `current` points at `to`, which must become healthy before `deadlineAt`
 * (the launcher counts its starts in `attempts`); `rolled_back`: `current` points at `from` again
 * and `reason` says why, reported once in gateway.started by the version that runs next.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const UPDATE_STATE_FILE = 'update.json';
/** The exit code that asks the supervisor (systemd, the launcher) to start the agent again. */
export const EXIT_RESTART = 75;

export interface UpdateState {
  from: string;
  to: string;
  state: 'trial' | 'rolled_back';
  startedAt: number;
  deadlineAt: number;
  attempts: number;
  reason?: string;
}

export function readUpdateState(dataDir: string): UpdateState | null {
  const file = join(dataDir, UPDATE_STATE_FILE);
  if (!existsSync(file)) return null;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as UpdateState;
    return typeof s.from === 'string' && typeof s.to === 'string' && (s.state === 'trial' || s.state === 'rolled_back') ? s : null;
  } catch {
    return null;
  }
}

export function writeUpdateState(dataDir: string, s: UpdateState): void {
  const file = join(dataDir, UPDATE_STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(s));
  renameSync(`${file}.tmp`, file);
}

export function clearUpdateState(dataDir: string): void {
  rmSync(join(dataDir, UPDATE_STATE_FILE), { force: true });
}
