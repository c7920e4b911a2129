/** The alarm column kind's adapter: GPIO button + siren relay, or an MQTT column, by driver. */
import type { AlarmColumnConfig } from '@yardguard/firmware-config/wire';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createGpioColumn } from './gpio-column.js';
import { createMqttColumn } from './mqtt-column.js';

export function createAlarmColumn(cfg: AlarmColumnConfig, ctx: DeviceContext): DeviceAdapter {
  return cfg.driver === 'gpio' ? createGpioColumn(cfg, ctx) : createMqttColumn(cfg, ctx);
}
