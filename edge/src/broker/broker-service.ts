/**
 * The local broker as a service the composition root can build in one phase: constructed with
 * its options, listening after start(), closed by close(). Publishing before start() fails.
 */
import { startLocalBroker, type BrokerCounters, type LocalBroker, type LocalBrokerOptions } from './local-broker.js';

const idle: BrokerCounters = { authFailures: 0, identityRefusals: 0, aclRefusals: 0, badMessages: 0, badByReason: {}, eventsAccepted: 0, eventsRefused: 0 };

export class BrokerService {
  private broker: LocalBroker | undefined;

  constructor(private readonly opts: LocalBrokerOptions) {}

  async start(): Promise<void> {
    this.broker = await startLocalBroker(this.opts);
  }

  get port(): number {
    return this.broker?.port ?? 0;
  }

  get wsPort(): number | null {
    return this.broker?.wsPort ?? null;
  }

  get counters(): BrokerCounters {
    return this.broker?.counters ?? idle;
  }

  clientCount(): number {
    return this.broker?.clientCount() ?? 0;
  }

  publish(topic: string, payload: string, opts?: { qos?: 0 | 1; retain?: boolean }): Promise<void> {
    if (!this.broker) return Promise.reject(new Error('local broker not started'));
    return this.broker.publish(topic, payload, opts);
  }

  async close(): Promise<void> {
    await this.broker?.close();
    this.broker = undefined;
  }
}
