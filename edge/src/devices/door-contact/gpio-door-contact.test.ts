import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeGpio } from '../../hw/fake-gpio.js';
import { createTestContext } from '../test-context.js';
import { sampleSite } from '../test-site.js';
import { createGpioDoorContact } from './gpio-door-contact.js';

// large sample: door-b2-301 is the wired (GPIO) door contact; read its pin from the config
const site = sampleSite('large');
const cfg = (() => {
  const c = site.doorContacts.find((d) => d.id === 'door-b2-301');
  if (c?.driver !== 'gpio') throw new Error('sample changed: door-b2-301 should be a gpio door contact');
  return c;
})();
const OPEN = cfg.openLevel === 'high' ? 1 : 0;
const CLOSED = OPEN === 1 ? 0 : 1;

function setup(initial: 0 | 1 = CLOSED) {
  const gpio = new FakeGpio();
  gpio.setInput(cfg.pin, initial);
  const t = createTestContext({ site, deviceId: cfg.id, kind: 'door_contact', gpio });
  return { gpio, contact: createGpioDoorContact(cfg, t.ctx), ...t };
}

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-24T02:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('gpio door contact', () => {
  it('the first read is a resync (door_contact.state), and the wired contact is present', async () => {
    const { contact, events, presence } = setup(OPEN);
    await contact.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(events.map((e) => [e.type, e.data])).toEqual([['door_contact.state', { door: 'open' }]]);
    expect(presence).toEqual([{ online: true }]);
  });

  it('a settled open then close is door_contact.opened, door_contact.closed with how long; a bounce is nothing', async () => {
    const { gpio, contact, events, types } = setup();
    await contact.start();
    gpio.setInput(cfg.pin, OPEN);
    await vi.advanceTimersByTimeAsync(10);
    gpio.setInput(cfg.pin, CLOSED);
    await vi.advanceTimersByTimeAsync(200);
    expect(types()).toEqual(['door_contact.state']);

    gpio.setInput(cfg.pin, OPEN);
    await vi.advanceTimersByTimeAsync(4_000);
    gpio.setInput(cfg.pin, CLOSED);
    await vi.advanceTimersByTimeAsync(200);
    expect(types()).toEqual(['door_contact.state', 'door_contact.opened', 'door_contact.closed']);
    const closed = events[2]!;
    expect(closed.type === 'door_contact.closed' && closed.data.openForS).toBeGreaterThanOrEqual(3.9);
    expect(contact.status().state).toMatchObject({ door: 'closed' });
  });

  it('takes no commands', async () => {
    const { contact } = setup();
    await contact.start();
    await expect(contact.execute({ action: 'gate.lock', params: {} }, { commandId: 'x' })).resolves.toMatchObject({ status: 'error', code: 'UNSUPPORTED' });
    await contact.stop();
  });
});
