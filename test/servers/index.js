// Real servers for tests: PostgreSQL, influxd 1.x and mosquitto on 127.0.0.1, each on a free port,
// in its own temp dir. Every start returns `stop()`; anything still running when this process exits
// (normally, or killed hard) is killed too, with its temp dir: every server is owned through
// ./owned.js (own process group + exit hook + watchdog), the one mechanism for all test processes. Plain ESM JavaScript (types in index.d.ts) because the `test`
// workspace is not compiled and other workspaces import it from their tests.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { own, processGroupOf, spawnOwned } from './owned.js';

export { own, ownChildGroups, spawnOwned } from './owned.js';

const execFileAsync = promisify(execFile);

function killQuietly(/** @type {number} */ pid, /** @type {NodeJS.Signals} */ signal = 'SIGKILL') {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function isAlive(/** @type {number} */ pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A daemon (the postmaster) is not our child: once it exits it stays a zombie until init reaps it,
  // which some container inits do only every second or so. A zombie holds no port and no files.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * A TCP port that was free a moment ago on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Poll `cond` until it returns a truthy value (thrown errors count as "not yet").
 * @template T
 * @param {() => T | Promise<T>} cond
 * @param {{ timeoutMs?: number, intervalMs?: number, message?: string }} [opts]
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(cond, opts = {}) {
  const { timeoutMs = 20_000, intervalMs = 50, message = 'condition' } = opts;
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let lastError;
  for (;;) {
    try {
      const value = await cond();
      if (value) return /** @type {NonNullable<T>} */ (value);
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: last error ${lastError.message}` : '';
      throw new Error(`waitFor: ${message} not met within ${timeoutMs} ms${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function tail(/** @type {string} */ file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function tcpAccepts(/** @type {number} */ port) {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * Spawn a long-running server with output to a log file; resolve once `ready()` is true.
 * @param {{ cmd: string, args: string[], dir: string, name: string, ready: () => Promise<boolean>, timeoutMs?: number }} o
 */
async function spawnServer(o) {
  const log = join(o.dir, `${o.name}.log`);
  writeFileSync(log, '');
  const fd = openSync(log, 'a');
  const tracked = own({ dirs: [o.dir] });
  const child = spawnOwned(o.cmd, o.args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref(); // a server a test forgot to stop must not keep the test process alive; the exit hook kills it
  /** @type {string | null} */
  let exited = null;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  child.once('error', (err) => (exited = `failed to spawn: ${err.message}`));
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(exited);
        return o.ready();
      },
      { timeoutMs: o.timeoutMs ?? 30_000, intervalMs: 25, message: `${o.name} ready` },
    );
  } catch (err) {
    const why = new Error(`${o.name} did not start (${/** @type {Error} */ (err).message})\n${tail(log)}`);
    child.kill('SIGKILL');
    tracked.release();
    throw why;
  }
  return { child, tracked };
}

/** Stop a spawned child: SIGTERM, then SIGKILL after `graceMs`; then remove its dirs. */
async function stopChild(/** @type {import('node:child_process').ChildProcess} */ child, /** @type {import('./owned.js').OwnedHandle} */ t, graceMs = 3000) {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
  t.release();
}

/** Retry a start a few times: a free port can be taken by someone else before the server binds it. */
async function withRetries(/** @type {() => Promise<any>} */ start, attempts = 3) {
  /** @type {unknown} */
  let last;
  for (let i = 0; i < attempts; i++) {
    try {
      return await start();
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

// ---------------------------------------------------------------- influxd

/**
 * influxd 1.x with reporting off, meta/data/wal in a temp dir; creates database `db`.
 * @param {{ db?: string }} [opts]
 * @returns {Promise<import('./index.js').InfluxServer>}
 */
export function startInflux(opts = {}) {
  const db = opts.db ?? 'yardguard_test';
  return withRetries(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-influx-'));
    const [port, rpc] = [await freePort(), await freePort()];
    const conf = join(dir, 'influxdb.conf');
    writeFileSync(
      conf,
      [
        'reporting-enabled = false',
        `bind-address = "127.0.0.1:${rpc}"`,
        '[meta]',
        `  dir = "${dir}/meta"`,
        '[data]',
        `  dir = "${dir}/data"`,
        `  wal-dir = "${dir}/wal"`,
        '  query-log-enabled = false',
        '[http]',
        `  bind-address = "127.0.0.1:${port}"`,
        '  log-enabled = false',
        '[monitor]',
        '  store-enabled = false',
        '[continuous_queries]',
        '  enabled = false',
        '',
      ].join('\n'),
    );
    const url = `http://127.0.0.1:${port}`;
    const { child, tracked } = await spawnServer({
      cmd: 'influxd',
      args: ['-config', conf],
      dir,
      name: 'influxd',
      ready: async () => (await fetch(`${url}/ping`)).status === 204,
    });
    const res = await fetch(`${url}/query?q=${encodeURIComponent(`CREATE DATABASE "${db}"`)}`, { method: 'POST' });
    if (!res.ok) {
      await stopChild(child, tracked);
      throw new Error(`influxd CREATE DATABASE failed: ${res.status} ${await res.text()}`);
    }
    return { url, db, port, dir, stop: () => stopChild(child, tracked) };
  });
}

// ---------------------------------------------------------------- mosquitto

/**
 * mosquitto 2 on a free loopback port, anonymous allowed, no persistence.
 * @param {{ extraConf?: string }} [opts]
 * @returns {Promise<import('./index.js').MosquittoServer>}
 */
export function startMosquitto(opts = {}) {
  return withRetries(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-mosquitto-'));
    chmodSync(dir, 0o755); // mosquitto drops root privileges and must still read its config
    const port = await freePort();
    const conf = join(dir, 'mosquitto.conf');
    const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false'];
    if (opts.extraConf) lines.push(opts.extraConf);
    writeFileSync(conf, lines.join('\n') + '\n', { mode: 0o644 });
    const { child, tracked } = await spawnServer({
      cmd: 'mosquitto',
      args: ['-c', conf],
      dir,
      name: 'mosquitto',
      ready: () => /** @type {Promise<boolean>} */ (tcpAccepts(port)),
    });
    return { url: `mqtt://127.0.0.1:${port}`, port, dir, stop: () => stopChild(child, tracked) };
  });
}

// ---------------------------------------------------------------- NATS cluster

/**
 * A NATS cluster of `nodes` nats-server processes (2.9, Debian) on loopback: routes between all of
 * them, JetStream on each (the MQTT gateway keeps its sessions, QoS 1 messages and retained messages
 * in replicated JetStream streams), and an MQTT 3.1.1 listener on each. Resolves once every node
 * reports healthy with JetStream and its MQTT port accepts.
 * @param {{ nodes?: number }} [opts]
 * @returns {Promise<import('./index.js').NatsCluster>}
 */
export function startNatsCluster(opts = {}) {
  const count = opts.nodes ?? 3;
  return withRetries(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-nats-'));
    const tracked = own({ dirs: [dir] });
    const ports = [];
    for (let i = 0; i < count; i++) ports.push({ client: await freePort(), route: await freePort(), mqtt: await freePort(), http: await freePort() });
    const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`);
    /** @type {{ child: import('node:child_process').ChildProcess, tracked: import('./owned.js').OwnedHandle }[]} */
    const started = [];
    const stopAll = async () => {
      await Promise.all(started.map((s) => stopChild(s.child, s.tracked)));
      tracked.release();
    };
    try {
      await Promise.all(
        ports.map(async (p, i) => {
          const name = `n${i + 1}`;
          const nodeDir = join(dir, name);
          mkdirSync(nodeDir);
          const conf = join(nodeDir, 'nats.conf');
          writeFileSync(
            conf,
            [
              `server_name: ${name}`,
              `listen: 127.0.0.1:${p.client}`,
              `http: 127.0.0.1:${p.http}`,
              `jetstream { store_dir: "${join(nodeDir, 'js')}" }`,
              `cluster { name: yg, listen: 127.0.0.1:${p.route}, routes: [${routes.filter((_, j) => j !== i).join(', ')}] }`,
              // Every MQTT stream (sessions, QoS 1 messages, retained) on all three nodes: one node may die.
              `mqtt { listen: 127.0.0.1:${p.mqtt}, stream_replicas: ${Math.min(count, 3)} }`,
              '',
            ].join('\n'),
          );
          const s = await spawnServer({
            cmd: 'nats-server',
            args: ['-c', conf],
            dir: nodeDir,
            name,
            timeoutMs: 60_000,
            // Healthy with JetStream: the node joined the cluster's JetStream (a meta leader exists).
            ready: async () => (await fetch(`http://127.0.0.1:${p.http}/healthz?js-enabled-only=true`).catch(() => null))?.status === 200 && (await fetch(`http://127.0.0.1:${p.http}/healthz`).catch(() => null))?.status === 200 && /** @type {boolean} */ (await tcpAccepts(p.mqtt)),
          });
          started[i] = s;
        }),
      );
    } catch (err) {
      await stopAll();
      throw err;
    }
    const nodes = ports.map((p, i) => ({
      name: `n${i + 1}`,
      natsUrl: `nats://127.0.0.1:${p.client}`,
      mqttUrl: `mqtt://127.0.0.1:${p.mqtt}`,
      mqttPort: p.mqtt,
      monitorUrl: `http://127.0.0.1:${p.http}`,
      /** @param {NodeJS.Signals} [signal] */
      kill: (signal = 'SIGKILL') => {
        const s = started[i];
        if (s && s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal);
      },
    }));
    return { nodes, natsUrls: nodes.map((n) => n.natsUrl), dir, stop: stopAll };
  });
}

// ---------------------------------------------------------------- PostgreSQL

/** Debian puts the server binaries outside PATH: /usr/lib/postgresql/<major>/bin. */
function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(root, majors[0], 'bin');
  }
  for (const p of (process.env.PATH ?? '').split(':')) {
    if (p && existsSync(join(p, 'initdb'))) return p;
  }
  throw new Error('PostgreSQL server binaries not found (install the Debian package "postgresql")');
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Run a command as the postgres user when we are root (initdb and postgres refuse root). Under the C
 * locale: an unset LANG, or one naming a locale the machine never generated, makes initdb and the
 * postmaster refuse to start.
 */
async function runAsPostgres(/** @type {string[]} */ argv) {
  const quoted = ['env', 'LC_ALL=C', 'LANG=C', ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  if (isRoot) return execFileAsync('su', ['-s', '/bin/sh', 'postgres', '-c', quoted]);
  return execFileAsync('sh', ['-c', quoted]);
}

async function postgresIds() {
  const uid = Number((await execFileAsync('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await execFileAsync('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

/**
 * A throwaway PostgreSQL cluster (trust auth, no fsync) with database `database`.
 * @param {{ database?: string }} [opts]
 * @returns {Promise<import('./index.js').PostgresServer>}
 */
export function startPostgres(opts = {}) {
  const database = opts.database ?? 'yardguard_test';
  const bin = postgresBinDir();
  return withRetries(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-pg-'));
    chmodSync(dir, 0o700);
    if (isRoot) {
      const { uid, gid } = await postgresIds();
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const log = join(dir, 'postgres.log');
    const tracked = own({ dirs: [dir] });
    const port = await freePort();
    try {
      await runAsPostgres([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-locale', '-E', 'UTF8']);
      await runAsPostgres([
        join(bin, 'pg_ctl'),
        '-D', data,
        '-l', log,
        '-w',
        '-t', '60',
        '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`,
        'start',
      ]);
    } catch (err) {
      const msg = `PostgreSQL did not start: ${/** @type {Error} */ (err).message}\n${tail(log)}`;
      killPostmaster(data);
      tracked.release();
      throw new Error(msg);
    }
    // pg_ctl daemonizes the postmaster into a session of its own (setsid): own that group, so its
    // backends go with it, and ask it for an immediate shutdown first if this process dies.
    let pid = readPostmasterPid(data);
    const ownPostmaster = () => {
      if (!pid) return;
      const pgid = processGroupOf(pid);
      tracked.add({ quitPid: pid, ...(pgid === pid ? { pgid } : {}) });
    };
    ownPostmaster();
    const serverOpts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    try {
      await execFileAsync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
    } catch (err) {
      killPostmaster(data);
      tracked.release();
      throw new Error(`createdb ${database} failed: ${/** @type {Error} */ (err).message}`);
    }
    const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
    return {
      url,
      port,
      database,
      dir,
      // Fault tests: the server goes away (every connection dropped) and comes back on the same port and data.
      shutdown: async () => {
        await runAsPostgres([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
        pid = undefined;
      },
      startAgain: async () => {
        await runAsPostgres([join(bin, 'pg_ctl'), '-D', data, '-l', log, '-w', '-t', '60', '-o', serverOpts, 'start']);
        pid = readPostmasterPid(data);
        ownPostmaster();
      },
      stop: async () => {
        if (pid) {
          // SIGQUIT = immediate shutdown: the data is thrown away anyway.
          killQuietly(pid, 'SIGQUIT');
          await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, message: 'postgres exit' }).catch(() => killQuietly(pid));
        }
        tracked.release();
      },
    };
  });
}

function readPostmasterPid(/** @type {string} */ data) {
  try {
    return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function killPostmaster(/** @type {string} */ data) {
  const pid = readPostmasterPid(data);
  if (pid) killQuietly(pid);
}
