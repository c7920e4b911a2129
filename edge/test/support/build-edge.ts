/** Boot a whole edge agent on loopback (port 0) for a test; `cleanup()` stops it. */
import { createEdge, type Edge, type EdgeDeps } from '../../src/edge.js';
import { silentLogger } from '../../src/log.js';
import { tempDir, testSite } from './helpers.js';

export interface BuiltEdge {
  edge: Edge;
  dataDir: string;
  port: number;
  cleanup(): Promise<void>;
}

export async function buildEdge(deps: Partial<EdgeDeps> = {}): Promise<BuiltEdge> {
  const dataDir = deps.dataDir ?? tempDir();
  const edge = createEdge({
    site: deps.site ?? testSite(),
    dataDir,
    log: deps.log ?? silentLogger(),
    broker: { host: '127.0.0.1', port: 0, wsPort: 0, ...deps.broker },
    healthIntervalMs: 3_600_000,
    ...deps,
  });
  await edge.start();
  return { edge, dataDir, port: edge.brokerPort(), cleanup: () => edge.stop() };
}
