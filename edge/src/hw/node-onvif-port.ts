/**
 * OnvifPort on node-onvif 0.1.7: OnvifDevice.init() for device info and profiles, fetchSnapshot()
 * (HTTP Digest / Basic), GetSystemDateAndTime as the cheap probe, WS-Discovery through startProbe,
 * and PullPoint events from onvif-pullpoint.ts (node-onvif has none).
 */
import type { Logger } from 'pino';
import type { DiscoveredCamera, OnvifCamera, OnvifPort } from './onvif-port.js';
import { loadNodeOnvif, type NodeOnvifDevice, type NodeOnvifProbeResult } from './node-onvif-types.js';
import { subscribePullPoint } from './onvif-pullpoint.js';

export interface NodeOnvifPortOptions {
  log?: Logger;
  /**
   * Send WS-Discovery probes here instead of the multicast group 239.255.255.250:3702. Only for
   * tests against the simulator on loopback (node-onvif has no public option for it).
   */
  discoveryTarget?: { address: string; port: number };
}

export function toDiscovered(p: NodeOnvifProbeResult): DiscoveredCamera {
  return { xaddr: p.xaddrs[0] ?? '', ...(p.name ? { name: p.name } : {}), ...(p.hardware ? { hardware: p.hardware } : {}), urn: p.urn };
}

export function createNodeOnvifPort(opts: NodeOnvifPortOptions = {}): OnvifPort {
  let discovering: Promise<DiscoveredCamera[]> | undefined;

  function connect(c: { xaddr: string; user?: string; pass?: string }): OnvifCamera {
    const onvif = loadNodeOnvif();
    let device: NodeOnvifDevice | undefined;
    const fresh = () => new onvif.OnvifDevice({ xaddr: c.xaddr, ...(c.user ? { user: c.user, pass: c.pass ?? '' } : {}) });
    const ready = (): NodeOnvifDevice => {
      if (!device) throw new Error('camera not initialised: call init() first');
      return device;
    };
    return {
      async init() {
        // A new OnvifDevice per init: node-onvif appends profiles on every init() of the same object.
        device = fresh();
        const info = await device.init();
        return {
          ...(info?.Manufacturer ? { manufacturer: String(info.Manufacturer) } : {}),
          ...(info?.Model ? { model: String(info.Model) } : {}),
          ...(info?.FirmwareVersion ? { firmwareVersion: String(info.FirmwareVersion) } : {}),
          ...(info?.SerialNumber ? { serialNumber: String(info.SerialNumber) } : {}),
        };
      },
      async profiles() {
        return ready().getProfileList().map((p) => ({
          token: p.token,
          name: p.name,
          ...(p.snapshot ? { snapshotUri: p.snapshot } : {}),
          ...(p.stream.rtsp ? { streamUri: p.stream.rtsp } : {}),
        }));
      },
      async snapshot() {
        const r = await ready().fetchSnapshot();
        return { body: r.body, contentType: r.headers['content-type'] ?? 'image/jpeg' };
      },
      async probe() {
        await (device ?? fresh()).services.device.getSystemDateAndTime();
      },
      subscribeEvents(onEvent, onEnd) {
        return subscribePullPoint(ready(), onEvent, (err) => {
          opts.log?.warn({ err: err.message, xaddr: c.xaddr }, 'PullPoint ended');
          onEnd?.(err);
        });
      },
    };
  }

  async function discover(o: { timeoutMs?: number; onFound?: (c: DiscoveredCamera) => void } = {}): Promise<DiscoveredCamera[]> {
    // node-onvif's discovery is a module singleton: one probe at a time.
    while (discovering) await discovering.catch(() => undefined);
    const onvif = loadNodeOnvif();
    const saved = { address: onvif._MULTICAST_ADDRESS, port: onvif._PORT, wait: onvif._DISCOVERY_WAIT };
    if (opts.discoveryTarget) {
      onvif._MULTICAST_ADDRESS = opts.discoveryTarget.address;
      onvif._PORT = opts.discoveryTarget.port;
    }
    onvif._DISCOVERY_WAIT = o.timeoutMs ?? 3000;
    const seen = new Set<string>();
    const poll = setInterval(() => {
      for (const [urn, p] of Object.entries(onvif._devices ?? {})) {
        if (seen.has(urn)) continue;
        seen.add(urn);
        o.onFound?.(toDiscovered(p));
      }
    }, 50);
    discovering = onvif.startProbe().then((list) => {
      for (const p of list) if (!seen.has(p.urn)) {
        seen.add(p.urn);
        o.onFound?.(toDiscovered(p));
      }
      return list.map(toDiscovered);
    });
    try {
      return await discovering;
    } finally {
      clearInterval(poll);
      discovering = undefined;
      Object.assign(onvif, { _MULTICAST_ADDRESS: saved.address, _PORT: saved.port, _DISCOVERY_WAIT: saved.wait });
    }
  }

  return { connect, discover };
}
