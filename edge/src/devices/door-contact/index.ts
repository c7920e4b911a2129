/** The household door contact kind's adapter (care of residents living alone): MQTT or GPIO, by driver. */
import type { DoorContactConfig } from '@yardguard/firmware-config/wire';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createGpioDoorContact } from './gpio-door-contact.js';
import { createMqttDoorContact } from './mqtt-door-contact.js';

export function createDoorContact(cfg: DoorContactConfig, ctx: DeviceContext): DeviceAdapter {
  return cfg.driver === 'gpio' ? createGpioDoorContact(cfg, ctx) : createMqttDoorContact(cfg, ctx);
}
