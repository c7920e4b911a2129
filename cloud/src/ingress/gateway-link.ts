/**
 * The cloud's MQTT side, whichever broker carries it: messages from gateways come in through
 * `onMessage`, the cloud publishes acks and commands through `publish`.
 */
import type { ParsedTopic } from '@yardguard/firmware-config';

export type GatewayUplink = Extract<ParsedTopic, { scope: 'gateway' }>;

export type UplinkHandler = (uplink: GatewayUplink, payload: Buffer) => Promise<void>;

export interface GatewayLink {
  readonly kind: 'embedded' | 'external' | 'nats' | 'none';
  /** Set before start(); called once per uplink message. PUBACK/flow control waits for it (embedded). */
  onMessage(handler: UplinkHandler): void;
  publish(topic: string, payload: string, qos?: 0 | 1): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Drop a gateway's connection on this instance (after revocation). */
  disconnect(gatewayId: string): void;
  /**
   * Create the gateway's broker login at enrollment, where the broker keeps logins (dynamic security);
   * a no-op where the cloud checks logins itself against the database (embedded broker).
   */
  grantLogin(gatewayId: string, password: string): Promise<void>;
  /** Remove the gateway's broker login at revocation (no-op where the database holds it). */
  revokeLogin(gatewayId: string): Promise<void>;
  /** Gateways connected to this instance's embedded broker (null for an external broker). */
  connectedGateways(): number | null;
  /** Listening addresses, for logs and tests. */
  addresses(): { mqtt?: number; ws?: number; tls?: number };
}

/** A link that drops everything: HTTP-only tests and tools. */
export function createNullLink(): GatewayLink {
  return {
    kind: 'none',
    onMessage() {},
    async publish() {},
    async start() {},
    async stop() {},
    disconnect() {},
    async grantLogin() {},
    async revokeLogin() {},
    connectedGateways: () => 0,
    addresses: () => ({}),
  };
}
