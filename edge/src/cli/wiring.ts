/** The real device adapters, linkage rules and hardware ports for `run`. */
import type { EdgeDeps } from '../edge.js';

export async function wireDevices(): Promise<Pick<EdgeDeps, 'adapters' | 'rules' | 'gpio' | 'onvif'>> {
  return {};
}
