// Types for ./index.js (plain ESM so the uncompiled `test` workspace and every package's tests can import it).

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/<database> (trust auth, no password) */
  url: string;
  port: number;
  /** Temp dir holding config, data and the server log (removed by stop()). */
  dir: string;
  database: string;
  /** Fault tests: stop the server (fast shutdown: every connection dropped), keeping its data and port. */
  shutdown(): Promise<void>;
  /** Start it again after shutdown(), on the same port with the same data. */
  startAgain(): Promise<void>;
  /** Kill the cluster and remove its temp dir. */
  stop(): Promise<void>;
}

export interface InfluxServer {
  /** http://127.0.0.1:<port> (InfluxDB 1.x, no auth) */
  url: string;
  /** The database created at start. */
  db: string;
  port: number;
  /** Temp dir holding config, data and the server log (removed by stop()). */
  dir: string;
  stop(): Promise<void>;
}

export interface MosquittoServer {
  /** mqtt://127.0.0.1:<port> (anonymous, MQTT 3.1.1 and 5, shared subscriptions) */
  url: string;
  port: number;
  /** Temp dir holding config, data and the server log (removed by stop()). */
  dir: string;
  stop(): Promise<void>;
}

/** Start a throwaway PostgreSQL cluster on a free loopback port and create `database` (default yardguard_test). */
export function startPostgres(opts?: { database?: string }): Promise<PostgresServer>;

/** Start influxd 1.x on free loopback ports and create `db` (default yardguard_test). */
export function startInflux(opts?: { db?: string }): Promise<InfluxServer>;

/** Start mosquitto on a free loopback port; `extraConf` lines are appended to its config. */
export function startMosquitto(opts?: { extraConf?: string }): Promise<MosquittoServer>;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number>;

/** Poll `cond` until it returns a truthy value; thrown errors count as "not yet". Rejects after timeoutMs (default 20 s). */
export function waitFor<T>(
  cond: () => T | Promise<T>,
  opts?: { timeoutMs?: number; intervalMs?: number; message?: string },
): Promise<NonNullable<T>>;

/** A process group and/or dirs owned by this process (see ./owned.js). */
export interface OwnedHandle {
  /** Kill the group now, remove the dirs, forget them. Safe to call twice. */
  release(): void;
  /** Own more: a group, a daemon pid to ask for an immediate shutdown (SIGQUIT) first, dirs. */
  add(more: { pgid?: number; quitPid?: number; dirs?: string[] }): void;
}

/**
 * `child_process.spawn` for tests: the child leads its own process group, and that group is killed
 * when the child exits, when this process exits, and, by a watchdog, when this process is killed
 * hard (a vitest worker killed with SIGKILL). Use it for every long-running process a test starts.
 */
export function spawnOwned(
  cmd: string,
  args: readonly string[],
  opts?: import('node:child_process').SpawnOptions,
): import('node:child_process').ChildProcess;

/** Own a running process group (not this process's own) and/or dirs, with the same guarantees. */
export function own(what: { pgid?: number; quitPid?: number; dirs?: string[] }): OwnedHandle;

/** Own the groups of this process's direct children whose command name matches (Chromium launched by Playwright). */
export function ownChildGroups(name: RegExp): { count: number; release(): void };

export interface NatsNode {
  name: string;
  /** nats://127.0.0.1:<port> (no auth) */
  natsUrl: string;
  /** mqtt://127.0.0.1:<port> (MQTT 3.1.1, sessions and QoS 1 in JetStream) */
  mqttUrl: string;
  mqttPort: number;
  /** The node's monitoring endpoint (/healthz, /varz, /connz). */
  monitorUrl: string;
  /** Fault tests: kill the node (SIGKILL by default); its data stays until the cluster is stopped. */
  kill(signal?: NodeJS.Signals): void;
}

export interface NatsCluster {
  nodes: NatsNode[];
  natsUrls: string[];
  /** Temp dir holding each node's config, log and JetStream store (removed by stop()). */
  dir: string;
  stop(): Promise<void>;
}

/** Start a routed cluster of nats-server nodes (default 3) with JetStream and MQTT, on free loopback ports. */
export function startNatsCluster(opts?: { nodes?: number }): Promise<NatsCluster>;
