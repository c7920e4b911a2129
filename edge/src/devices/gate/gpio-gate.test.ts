import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GpioGateConfig } from '@yardguard/firmware-config';
import { FakeGpio } from '../../hw/fake-gpio.js';
import { createTestContext } from '../test-context.js';
import { sampleSite, sampleSiteWith } from '../test-site.js';
import { createGpioGate } from './gpio-gate.js';

// small sample: gate-main on waveshare 3ch channel 1 = BCM 26, active LOW; door contact 17 (open = high),
// exit button 27 (pressed = low), pulse 3000 ms, debounce 50 ms, forced window 10 s, held open 60 s.
const RELAY = 26, DOOR = 17, EXIT = 27;

function setup(site = sampleSite('small')) {
  const cfg = site.gates.find((g) => g.id === 'gate-main') as GpioGateConfig;
  const gpio = new FakeGpio();
  gpio.setInput(DOOR, 0);
  gpio.setInput(EXIT, 1);
  const t = createTestContext({ site, deviceId: cfg.id, kind: 'gate', gpio });
  const gate = createGpioGate(cfg, t.ctx);
  return { gpio, gate, ...t };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-24T02:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('gpio gate', () => {
  it('start is a resync: gate.state, relay idle (high for an active-low board), online', async () => {
    const { gpio, gate, events, presence } = setup();
    gpio.setInput(DOOR, 1); // found open after a power cut
    await gate.start();
    expect(events.map((e) => [e.type, e.data])).toEqual([['gate.state', { door: 'open', locked: true }]]);
    expect(gpio.level(RELAY)).toBe(1);
    expect(presence).toEqual([{ online: true }]);
  });

  it('gate.open pulses the relay at the active level for pulseMs and waits for the door', async () => {
    const { gpio, gate, types } = setup();
    await gate.start();
    const result = gate.execute({ action: 'gate.open', params: {} }, { commandId: 'c1' });
    await vi.advanceTimersByTimeAsync(400);
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(100); // debounce
    await expect(result).resolves.toEqual({ status: 'ok', outcome: 'opened', data: { confirmed: true } });
    await vi.advanceTimersByTimeAsync(3000);
    const w = gpio.writes(RELAY);
    expect(w.map((x) => x.level)).toEqual([1, 1, 0, 1]); // export idle, idle again, pulse, release
    expect(w[3]!.at - w[2]!.at).toBe(3000);
    expect(types()).toEqual(['gate.state', 'gate.access_granted', 'gate.door_opened']);
  });

  it('gate.open with the door staying shut -> DOOR_NOT_OPENED', async () => {
    const { gate } = setup();
    await gate.start();
    const result = gate.execute({ action: 'gate.open', params: { pulseMs: 500 } }, { commandId: 'c2' });
    await vi.advanceTimersByTimeAsync(6000);
    await expect(result).resolves.toMatchObject({ status: 'error', code: 'DOOR_NOT_OPENED' });
  });

  it('contact bounce inside the debounce time is one door_opened, and a bounce back is nothing', async () => {
    const { gpio, gate, types } = setup();
    await gate.start();
    await gate.execute({ action: 'gate.lock', params: {} }, { commandId: 'x' });
    // a glitch: 1-0-1-0 within 30 ms, ends closed -> nothing
    for (const l of [1, 0, 1, 0] as const) {
      gpio.setInput(DOOR, l);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(200);
    expect(types()).toEqual(['gate.state']);
  });

  it('door opened with no grant -> forced_open; closed -> door_closed with openForS', async () => {
    const { gpio, gate, events, types } = setup();
    await gate.start();
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(60);
    expect(types()).toEqual(['gate.state', 'gate.door_opened', 'gate.forced_open']);
    await vi.advanceTimersByTimeAsync(4000);
    gpio.setInput(DOOR, 0);
    await vi.advanceTimersByTimeAsync(60);
    const closed = events.at(-1)!;
    expect(closed.type).toBe('gate.door_closed');
    expect((closed.data as { openForS: number }).openForS).toBeCloseTo(4, 0);
  });

  it('door opened within forcedWindowS of a grant is not forced, after it is', async () => {
    const { gpio, gate, types } = setup();
    await gate.start();
    const p = gate.execute({ action: 'gate.open', params: { pulseMs: 200 } }, { commandId: 'c3' });
    await vi.advanceTimersByTimeAsync(6000);
    await expect(p).resolves.toMatchObject({ code: 'DOOR_NOT_OPENED' });
    // the door opens late (6 s) but still inside the 10 s window: a slow walker, not a forced door
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(60);
    expect(types()).not.toContain('gate.forced_open');
    gpio.setInput(DOOR, 0);
    await vi.advanceTimersByTimeAsync(11_000);
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(60);
    expect(types().filter((t) => t === 'gate.forced_open')).toHaveLength(1);
  });

  it('held open past heldOpenS -> held_open once; not while a hold_open command holds it', async () => {
    const { gpio, gate, events, types } = setup();
    await gate.start();
    await gate.execute({ action: 'gate.hold_open', params: { durationS: 120 } }, { commandId: 'h1' });
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(types()).not.toContain('gate.held_open');
    expect(types()).not.toContain('gate.forced_open');
    expect(gpio.level(RELAY)).toBe(0); // held = relay active (low)
    await vi.advanceTimersByTimeAsync(20_000); // hold ended at 120 s
    expect(gpio.level(RELAY)).toBe(1);
    await vi.advanceTimersByTimeAsync(61_000); // 60 s grace after the hold
    expect(events.filter((e) => e.type === 'gate.held_open')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(events.filter((e) => e.type === 'gate.held_open')).toHaveLength(1);
  });

  it('a door left open without a hold raises held_open after heldOpenS', async () => {
    const { gpio, gate, events } = setup();
    await gate.start();
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(events.some((e) => e.type === 'gate.held_open')).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(events.find((e) => e.type === 'gate.held_open')).toMatchObject({ data: { thresholdS: 60 } });
  });

  it('exit button -> access_granted(exit_button) + pulse, and the following opening is not forced', async () => {
    const { gpio, gate, events, types } = setup();
    await gate.start();
    void gpio.press(EXIT, 200);
    await vi.advanceTimersByTimeAsync(100);
    expect(events.at(-1)).toMatchObject({ type: 'gate.access_granted', data: { method: 'exit_button' } });
    expect(gpio.level(RELAY)).toBe(0);
    gpio.setInput(DOOR, 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(types()).toEqual(['gate.state', 'gate.access_granted', 'gate.door_opened']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(gpio.level(RELAY)).toBe(1);
  });

  it('a relay line left active by a crashed run is released at start', async () => {
    const { gpio, gate } = setup();
    gpio.output(RELAY, 0); // still energised (active low) from before the crash
    await gate.start();
    expect(gpio.level(RELAY)).toBe(1);
  });

  it('relay board templates and active-high raw pins resolve', async () => {
    const site = sampleSiteWith('small', (s) => ({
      ...s,
      gates: [{ id: 'gate-main', name: 'g', driver: 'gpio', relayPin: 5, activeLevel: 'high', pulseMs: 1000, doorContactPin: 17, exitButtonPin: 27 }],
    }));
    const { gpio, gate } = setup(site);
    await gate.start();
    expect(gpio.level(5)).toBe(0);
    void gate.execute({ action: 'gate.open', params: {} }, { commandId: 'p' });
    await vi.advanceTimersByTimeAsync(10);
    expect(gpio.level(5)).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(gpio.level(5)).toBe(0);
  });

  it('lock releases the relay at once; unknown actions are UNSUPPORTED', async () => {
    const { gpio, gate } = setup();
    await gate.start();
    void gate.execute({ action: 'gate.open', params: {} }, { commandId: 'a' });
    await vi.advanceTimersByTimeAsync(10);
    expect(gpio.level(RELAY)).toBe(0);
    await expect(gate.execute({ action: 'gate.lock', params: {} }, { commandId: 'b' })).resolves.toMatchObject({ status: 'ok', outcome: 'locked' });
    expect(gpio.level(RELAY)).toBe(1);
    await expect(gate.execute({ action: 'siren.stop', params: {} }, { commandId: 'c' })).resolves.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
