/**
 * The hardware ports for a real run: onoff GPIO when the site has GPIO devices (a clear error
 * when they are configured but GPIO is missing), node-onvif for cameras.
 */
import { usesGpio, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { Logger } from 'pino';
import type { GpioPort } from './gpio-port.js';
import type { OnvifPort } from './onvif-port.js';
import { createNodeOnvifPort } from './node-onvif-port.js';
import { createOnoffGpio, type OnoffGpioOptions } from './onoff-gpio.js';

export { FakeGpio } from './fake-gpio.js';
export { createOnoffGpio, GpioUnavailableError } from './onoff-gpio.js';
export { createNodeOnvifPort } from './node-onvif-port.js';
export { resolveGpioBase, listGpioChips } from './gpio-chip-base.js';

export function siteUsesGpio(site: SiteConfig): boolean {
  return usesGpio(site);
}

export async function createHardwarePorts(site: SiteConfig, opts: { log?: Logger; gpio?: OnoffGpioOptions } = {}): Promise<{ gpio?: GpioPort; onvif: OnvifPort }> {
  const onvif = createNodeOnvifPort(opts.log ? { log: opts.log } : {});
  if (!siteUsesGpio(site)) return { onvif };
  return { gpio: await createOnoffGpio(opts.gpio), onvif };
}
