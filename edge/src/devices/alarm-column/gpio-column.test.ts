import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeGpio } from '../../hw/fake-gpio.js';
import { createTestContext } from '../test-context.js';
import { sampleSite } from '../test-site.js';
import { createGpioColumn } from './gpio-column.js';

// large sample: column-yard is the GPIO column; read its pins from the config
const site = sampleSite('large');
const cfg = (() => {
  const c = site.alarmColumns.find((a) => a.id === 'column-yard');
  if (c?.driver !== 'gpio') throw new Error('sample changed: column-yard should be a gpio column');
  return c;
})();
const PRESSED = cfg.buttonLevel === 'high' ? 1 : 0;
const SIREN_ON = cfg.sirenActiveLevel === 'high' ? 1 : 0;

function setup() {
  const gpio = new FakeGpio();
  gpio.setInput(cfg.buttonPin, PRESSED === 1 ? 0 : 1);
  const t = createTestContext({ site, deviceId: cfg.id, kind: 'alarm_column', gpio });
  return { gpio, column: createGpioColumn(cfg, t.ctx), ...t };
}

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-24T02:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('gpio alarm column', () => {
  it('a debounced button press is one alarm.button_pressed; a bounce is nothing', async () => {
    const { gpio, column, types } = setup();
    await column.start();
    gpio.setInput(cfg.buttonPin, PRESSED);
    await vi.advanceTimersByTimeAsync(10);
    gpio.setInput(cfg.buttonPin, PRESSED === 1 ? 0 : 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(types()).toEqual([]);
    void gpio.press(cfg.buttonPin, 300);
    await vi.advanceTimersByTimeAsync(400);
    expect(types()).toEqual(['alarm.button_pressed']);
  });

  it('a button stuck pressed at start is not an alarm', async () => {
    const { gpio, column, types } = setup();
    gpio.setInput(cfg.buttonPin, PRESSED);
    await column.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(types()).toEqual([]);
  });

  it('siren relay on for durationS, then off with siren_stopped(timeout); siren.stop stops it at once', async () => {
    const { gpio, column, events } = setup();
    await column.start();
    expect(gpio.level(cfg.sirenPin)).toBe(SIREN_ON === 1 ? 0 : 1);
    await expect(column.execute({ action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } }, { commandId: 'a' })).resolves.toMatchObject({ status: 'ok' });
    expect(gpio.level(cfg.sirenPin)).toBe(SIREN_ON);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(gpio.level(cfg.sirenPin)).toBe(SIREN_ON);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(gpio.level(cfg.sirenPin)).toBe(SIREN_ON === 1 ? 0 : 1);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['alarm.siren_started', { pattern: 'alarm', durationS: 30 }],
      ['alarm.siren_stopped', { reason: 'timeout' }],
    ]);
    await column.execute({ action: 'siren.start', params: { pattern: 'warning', durationS: 60 } }, { commandId: 'b' });
    await column.execute({ action: 'siren.stop', params: {} }, { commandId: 'c' });
    expect(gpio.level(cfg.sirenPin)).toBe(SIREN_ON === 1 ? 0 : 1);
    expect(events.at(-1)).toMatchObject({ type: 'alarm.siren_stopped', data: { reason: 'command' } });
    await vi.advanceTimersByTimeAsync(70_000);
    expect(events.filter((e) => e.type === 'alarm.siren_stopped')).toHaveLength(2);
  });
});
