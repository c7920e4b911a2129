/** The gate kind's adapter: a GPIO relay gate or an MQTT gate controller, by driver. */
import type { GateConfig } from '@yardguard/firmware-config/wire';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createGpioGate } from './gpio-gate.js';
import { createMqttGate } from './mqtt-gate.js';

export function createGate(cfg: GateConfig, ctx: DeviceContext): DeviceAdapter {
  return cfg.driver === 'gpio' ? createGpioGate(cfg, ctx) : createMqttGate(cfg, ctx);
}
