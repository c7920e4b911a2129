/**
 * Gateway logins kept in the external broker itself, through mosquitto 2's dynamic-security plugin
 * (its `$CONTROL/dynamic-security/v1` API): enrollment creates the gateway's login, bound to its
 * client id, with a role that grants exactly its own topics; revocation deletes it, and the broker
 * drops the connection. No password file kept by hand.
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { cloudBrokerGrants, gatewayBrokerGrants } from '@yardguard/firmware-config';
import { subscribeOrRefuse } from './subscribe-or-refuse.js';

const CONTROL = '$CONTROL/dynamic-security/v1';
const RESPONSE = `${CONTROL}/response`;

export interface DynsecCommand {
  command: string;
  [k: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  correlationData?: string;
  data?: unknown;
}

export class DynsecError extends Error {
  constructor(readonly command: string, readonly reason: string) {
    super(`broker dynamic-security ${command} failed: ${reason}`);
  }
}

/** Sends dynsec commands over an MQTT connection whose login has the plugin's admin role. */
export interface DynsecClient {
  /** Runs the commands in order; resolves with each one's error text (undefined when it worked). */
  run(commands: DynsecCommand[]): Promise<(string | undefined)[]>;
  /** One command's full answer (for the `get…` commands). */
  ask(command: DynsecCommand): Promise<DynsecResponse>;
  /**
   * Sends one command that makes the broker drop this very connection (changing this login's roles),
   * at QoS 0 so it is not re-sent after the drop, and resolves once mqtt.js has reconnected.
   */
  runAndReconnect(command: DynsecCommand): Promise<void>;
  close(): void;
}

export async function createDynsecClient(client: MqttClient, timeoutMs = 10_000): Promise<DynsecClient> {
  const waiting = new Map<string, { resolve: (r: DynsecResponse) => void; timer: NodeJS.Timeout }>();
  const onMessage = (topic: string, payload: Buffer): void => {
    if (topic !== RESPONSE) return;
    let body: { responses?: DynsecResponse[] };
    try {
      body = JSON.parse(payload.toString('utf8')) as { responses?: DynsecResponse[] };
    } catch {
      return;
    }
    for (const r of body.responses ?? []) {
      const w = r.correlationData ? waiting.get(r.correlationData) : undefined;
      if (!w) continue;
      clearTimeout(w.timer);
      waiting.delete(r.correlationData!);
      w.resolve(r);
    }
  };
  client.on('message', onMessage);
  await subscribeOrRefuse(client, RESPONSE, () => new DynsecError('subscribe', `the cloud's broker login may not read ${RESPONSE}: give it the dynamic-security admin role`));
  async function send(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
      // Queued for a later reconnect, a command would run long after its caller gave up.
      if (!client.connected) throw new DynsecError(commands[0]?.command ?? 'run', 'the cloud is not connected to the broker');
      const tagged = commands.map((c) => ({ ...c, correlationData: randomUUID() }));
      const answers = tagged.map((c) => new Promise<DynsecResponse>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(c.correlationData);
          resolve({ command: c.command, error: `no answer within ${timeoutMs} ms (is the dynamic-security plugin loaded?)` });
        }, timeoutMs);
        waiting.set(c.correlationData, { resolve, timer });
      }));
      // Not awaited on its own: a PUBACK that never comes must not outlast the answers' timeout.
      client.publishAsync(CONTROL, JSON.stringify({ commands: tagged }), { qos: 1 }).catch(() => {});
      return Promise.all(answers);
  }
  return {
    run: async (commands) => (await send(commands)).map((r) => r.error),
    ask: async (command) => (await send([command]))[0]!,
    async runAndReconnect(command) {
      const reconnected = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new DynsecError(command.command, `not reconnected within ${timeoutMs} ms`)), timeoutMs);
        client.once('connect', () => { clearTimeout(timer); resolve(); });
      });
      client.publish(CONTROL, JSON.stringify({ commands: [command] }), { qos: 0 });
      await reconnected;
    },
    close() {
      client.removeListener('message', onMessage);
      for (const w of waiting.values()) clearTimeout(w.timer);
      waiting.clear();
    },
  };
}

const roleOf = (gatewayId: string): string => `yg-gw-${gatewayId}`;
export const CLOUD_ROLE = 'yardguard-cloud';

/** dynsec ACL entries granting exactly these topics (publish and literal subscribe/receive). */
function aclsFor(grants: { publish: string[]; subscribe: string[] }): { acltype: string; topic: string; allow: true }[] {
  return [
    ...grants.publish.map((topic) => ({ acltype: 'publishClientSend', topic, allow: true as const })),
    ...grants.subscribe.flatMap((topic) => [
      { acltype: topic.includes('+') || topic.includes('#') ? 'subscribePattern' : 'subscribeLiteral', topic, allow: true as const },
      { acltype: 'publishClientReceive', topic, allow: true as const },
    ]),
  ];
}

/** An error that only says the object is already there (or already gone) is what we wanted. */
const benign = (error: string | undefined): boolean => !error || /already exists|not found/i.test(error);

function firstRealError(commands: DynsecCommand[], errors: (string | undefined)[]): void {
  const i = errors.findIndex((e) => !benign(e));
  if (i >= 0) throw new DynsecError(commands[i]!.command, errors[i]!);
}

export interface BrokerLogins {
  /** Gives this instance's own login the cloud role (read uplinks, write downlinks). */
  ensureCloudRole(cloudUsername: string, group: string): Promise<void>;
  /** Creates (or resets) the gateway's login: username = client id = gateway id, its own topics only. */
  grant(gatewayId: string, password: string): Promise<void>;
  /** Deletes the gateway's login and role; the broker disconnects it. */
  revoke(gatewayId: string): Promise<void>;
}

export function createDynsecLogins(dynsec: DynsecClient): BrokerLogins {
  return {
    async ensureCloudRole(cloudUsername, group) {
      const acls = aclsFor(cloudBrokerGrants(group));
      const commands: DynsecCommand[] = [
        { command: 'createRole', rolename: CLOUD_ROLE, textname: 'Yard Guard cloud ingress' },
        ...acls.map((a) => ({ command: 'addRoleACL', rolename: CLOUD_ROLE, ...a, priority: 0 })),
      ];
      firstRealError(commands, await dynsec.run(commands));
      const hasRole = async (): Promise<boolean> => {
        const r = await dynsec.ask({ command: 'getClient', username: cloudUsername });
        if (r.error) throw new DynsecError('getClient', r.error);
        const roles = (r.data as { client?: { roles?: { rolename: string }[] } } | undefined)?.client?.roles ?? [];
        return roles.some((x) => x.rolename === CLOUD_ROLE);
      };
      if (await hasRole()) return;
      // The broker drops a login whose roles change, this connection included: only on the first start.
      await dynsec.runAndReconnect({ command: 'addClientRole', username: cloudUsername, rolename: CLOUD_ROLE });
      if (!(await hasRole())) throw new DynsecError('addClientRole', `the login ${cloudUsername} did not get the ${CLOUD_ROLE} role`);
    },
    async grant(gatewayId, password) {
      const rolename = roleOf(gatewayId);
      const create: DynsecCommand[] = [
        { command: 'createRole', rolename, textname: `Yard Guard gateway ${gatewayId}`, acls: aclsFor(gatewayBrokerGrants(gatewayId)) },
        { command: 'createClient', username: gatewayId, clientid: gatewayId, password, textname: `Yard Guard gateway ${gatewayId}`, roles: [{ rolename }] },
      ];
      const errors = await dynsec.run(create);
      firstRealError(create, errors);
      if (errors[1]) {
        // The login is there already (a retried enrollment): reset it to this password, id and role.
        const reset: DynsecCommand[] = [
          { command: 'setClientPassword', username: gatewayId, password },
          { command: 'setClientId', username: gatewayId, clientid: gatewayId },
          { command: 'addClientRole', username: gatewayId, rolename },
          { command: 'enableClient', username: gatewayId },
        ];
        firstRealError(reset, await dynsec.run(reset));
      }
    },
    async revoke(gatewayId) {
      const commands: DynsecCommand[] = [
        { command: 'deleteClient', username: gatewayId },
        { command: 'deleteRole', rolename: roleOf(gatewayId) },
      ];
      firstRealError(commands, await dynsec.run(commands));
    },
  };
}
