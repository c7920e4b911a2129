// One mechanism for every process a test starts (edge agents, Chromium, influxd, mosquitto,
// PostgreSQL): each runs in its own process group, registered here, and is killed with its whole
// group (a) when the test stops it, (b) when this process exits normally (an 'exit' hook), and (c)
// when this process dies without running hooks (a vitest worker killed with SIGKILL, a Ctrl-C):
// one watchdog per owning process polls its pid and, once it is gone, kills every group still
// registered and removes the registered dirs. The registry is a file the watchdog reads at that
// moment, so it always acts on the current set.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @typedef {{ pgid?: number, quitPid?: number, dirs: string[] }} Owned */

/** @type {Set<Owned>} */
const owned = new Set();
let registry = '';
let watchdogPid = 0;

function killGroup(/** @type {number} */ pgid) {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

function writeRegistry() {
  const lines = [];
  // Polite first (a daemon's own immediate shutdown frees its shared memory), then groups, then dirs.
  for (const o of owned) if (o.quitPid) lines.push(`quit ${o.quitPid}`);
  for (const o of owned) if (o.pgid) lines.push(`group ${o.pgid}`);
  for (const o of owned) for (const d of o.dirs) lines.push(`dir ${d}`);
  writeFileSync(registry, lines.join('\n') + (lines.length ? '\n' : ''));
}

// The watchdog is a shell in its own session (so a Ctrl-C or a group kill aimed at the test process
// does not take it along) with nothing open of ours.
const WATCHDOG = `
reg=$1; parent=$2
while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
[ -f "$reg" ] || exit 0
while read -r kind arg; do
  case "$kind" in
    quit) kill -QUIT "$arg" 2>/dev/null; i=0
      while kill -0 "$arg" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done ;;
    group) kill -9 "-$arg" 2>/dev/null ;;
    dir) rm -rf -- "$arg" ;;
  esac
done < "$reg"
rm -rf -- "$(dirname "$reg")"
`;

function ensureWatchdog() {
  if (watchdogPid) return;
  const dir = join(tmpdir(), `yg-owned-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  registry = join(dir, 'registry');
  writeFileSync(registry, '');
  const dog = spawn('sh', ['-c', WATCHDOG, 'yg-watchdog', registry, String(process.pid)], { detached: true, stdio: 'ignore' });
  dog.unref();
  watchdogPid = dog.pid ?? 0;
  process.once('exit', () => {
    for (const o of [...owned]) releaseSync(o);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Kill an owned group (if any), remove its dirs and forget it. Safe to call twice. */
function releaseSync(/** @type {Owned} */ o) {
  if (o.quitPid) {
    try {
      process.kill(o.quitPid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (o.pgid) killGroup(o.pgid);
  for (const d of o.dirs) rmSync(d, { recursive: true, force: true });
  if (owned.delete(o)) writeRegistry();
}

/**
 * Own a process group that is already running (Chromium that Playwright started in a group of its
 * own; a daemon such as the postmaster, which `quitPid` asks to shut down first), and/or dirs to
 * remove with it. A group is refused if it is this process's own (that would kill the test).
 * @param {{ pgid?: number, quitPid?: number, dirs?: string[] }} what
 * @returns {OwnedHandle}
 */
export function own(what) {
  ensureWatchdog();
  /** @type {Owned} */
  const o = { dirs: [] };
  owned.add(o);
  const handle = {
    release: () => releaseSync(o),
    /** @param {{ pgid?: number, quitPid?: number, dirs?: string[] }} more */
    add(more) {
      if (more.pgid) {
        if (more.pgid === ownPgid()) throw new Error(`refusing to own process group ${more.pgid}: it is this process's own`);
        o.pgid = more.pgid;
      }
      if (more.quitPid) o.quitPid = more.quitPid;
      o.dirs.push(...(more.dirs ?? []));
      if (owned.has(o)) writeRegistry();
    },
  };
  handle.add(what);
  writeRegistry();
  return handle;
}

/** @typedef {{ release(): void, add(more: { pgid?: number, quitPid?: number, dirs?: string[] }): void }} OwnedHandle */

/** The process group of `pid` (default: this process), from /proc; 0 when unknown. */
export function processGroupOf(pid = process.pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) || 0;
  } catch {
    return 0;
  }
}
const ownPgid = () => processGroupOf(process.pid);

/**
 * `child_process.spawn`, but the child leads its own process group, owned as above: whatever it
 * starts dies with it. When the child exits, the rest of its group is killed too (nothing it left
 * behind survives), and the group is forgotten.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {import('node:child_process').SpawnOptions} [opts]
 * @returns {import('node:child_process').ChildProcess}
 */
export function spawnOwned(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (!child.pid) return child; // 'error' follows (e.g. ENOENT)
  const pgid = child.pid;
  const handle = own({ pgid });
  child.once('exit', () => killGroup(pgid));
  child.once('close', () => handle.release());
  return child;
}

/**
 * Own the process groups of this process's direct children whose command name matches `name`
 * (e.g. the Chromium that Playwright launched into a group of its own). Returns how many it took.
 * @param {RegExp} name
 * @returns {{ count: number, release(): void }}
 */
export function ownChildGroups(name) {
  const handles = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(pgrp);
    const taken = [...owned].some((o) => o.pgid === pgid);
    if (Number(ppid) === process.pid && name.test(comm) && pgid !== ownPgid() && !taken) handles.push(own({ pgid }));
  }
  return { count: handles.length, release: () => handles.forEach((h) => h.release()) };
}

/** The pid of this process's watchdog (0 before anything was owned). For the watchdog's own test. */
export function watchdogPidForTests() {
  return watchdogPid;
}
