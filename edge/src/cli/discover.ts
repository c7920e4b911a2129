/**
 * `yardguard-edge discover`: WS-Discovery of the ONVIF cameras on the compound's LAN, for the
 * installer standing next to the Pi. Prints each camera as it answers (progress), then a JSON
 * snippet to paste into the site config's `cameras`.
 */
import { createNodeOnvifPort } from '../hw/node-onvif-port.js';
import type { DiscoveredCamera, OnvifPort } from '../hw/onvif-port.js';

export interface DiscoverOptions {
  timeoutMs: number;
  json: boolean;
  /** Tests aim the probe at a simulator's loopback socket instead of the multicast group. */
  port?: OnvifPort;
  out?: (line: string) => void;
}

/** A site-config `cameras[]` entry for a found camera (id and name for the installer to edit). */
export function cameraEntry(c: DiscoveredCamera, n: number): Record<string, unknown> {
  return { id: `cam-${n}`, name: c.name ?? `摄像头${n}`, onvif: { xaddr: c.xaddr, credentialsRef: `cam-${n}` }, covers: [] };
}

export async function discoverCommand(opts: DiscoverOptions): Promise<DiscoveredCamera[]> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const port = opts.port ?? createNodeOnvifPort();
  if (!opts.json) out(`searching for ONVIF cameras for ${Math.round(opts.timeoutMs / 1000)} s ...`);
  let n = 0;
  const found = await port.discover({
    timeoutMs: opts.timeoutMs,
    onFound: (c) => {
      n++;
      if (!opts.json) out(`  found ${n}: ${c.xaddr}${c.name ? `  ${c.name}` : ''}${c.hardware ? ` (${c.hardware})` : ''}`);
    },
  });
  if (opts.json) {
    out(JSON.stringify(found, null, 2));
  } else if (found.length === 0) {
    out('no camera answered: check that the cameras are powered, on this LAN segment, and have ONVIF enabled');
  } else {
    out(`\n${found.length} camera(s). Site config entries (set ids, names, covers; put logins in the secrets file):`);
    out(JSON.stringify(found.map((c, i) => cameraEntry(c, i + 1)), null, 2));
  }
  return found;
}
