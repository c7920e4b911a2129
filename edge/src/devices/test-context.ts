/**
 * A DeviceContext for adapter unit tests: events, presence changes and local publishes are kept
 * in memory (presence changes as the core's Presence reports them, when one is given). Protocol tests (MQTT, ONVIF) use real brokers and servers instead.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, SCHEMA_VERSION, type DeviceKind, type Event, type EventBody, type SiteConfig } from '@yardguard/firmware-config/wire';
import { silentLogger } from '../log.js';
import { FakeGpio } from '../hw/fake-gpio.js';
import type { OnvifPort } from '../hw/onvif-port.js';
import type { DeviceContext, LocalPublisher } from './types.js';

export interface TestContext {
  ctx: DeviceContext;
  events: Event[];
  presence: { online: boolean; reason?: string }[];
  published: { topic: string; payload: string }[];
  /** Event types in order, for compact assertions. */
  types(): string[];
}

const noOnvif: OnvifPort = {
  connect: () => {
    throw new Error('no ONVIF in this test context');
  },
  discover: () => Promise.resolve([]),
};

export function createTestContext(opts: {
  site: SiteConfig;
  deviceId: string;
  kind: DeviceKind;
  gpio?: FakeGpio;
  onvif?: OnvifPort;
  local?: LocalPublisher;
  dataDir?: string;
  now?: () => Date;
  onEmit?: (e: Event) => void;
  /** Where presence lives (the MQTT harness passes a real Presence); default: the last setOnline. */
  presence?: { set: DeviceContext['setOnline']; of: DeviceContext['presence'] };
}): TestContext {
  const events: Event[] = [];
  const presence: TestContext['presence'] = [];
  const published: TestContext['published'] = [];
  let seq = 0;
  const now = opts.now ?? (() => new Date());
  const ctx: DeviceContext = {
    log: silentLogger(),
    site: opts.site,
    emit(body: EventBody, o?: { id?: string; occurredAt?: Date }) {
      const e = {
        v: SCHEMA_VERSION,
        id: o?.id ?? newId(),
        compoundId: opts.site.compound.id,
        gatewayId: opts.site.gateway.id,
        deviceId: opts.deviceId,
        occurredAt: (o?.occurredAt ?? now()).toISOString(),
        seq: ++seq,
        ...body,
      } as Event;
      events.push(e);
      opts.onEmit?.(e);
      return Promise.resolve(e);
    },
    setOnline(online, reason) {
      if (opts.presence) return opts.presence.set(online, reason);
      presence.push({ online, ...(reason ? { reason } : {}) });
    },
    presence: () => opts.presence?.of() ?? { online: presence.at(-1)?.online },
    gpio: opts.gpio ?? new FakeGpio(),
    onvif: opts.onvif ?? noOnvif,
    local: opts.local ?? {
      publish(topic, payload) {
        published.push({ topic, payload });
        return Promise.resolve();
      },
    },
    dataDir: opts.dataDir ?? mkdtempSync(join(tmpdir(), `yg-${opts.deviceId}-`)),
    now,
    // Fake timers move Date.now: durations follow the test's clock.
    monoMs: () => now().getTime(),
  };
  return { ctx, events, presence, published, types: () => events.map((e) => e.type) };
}
