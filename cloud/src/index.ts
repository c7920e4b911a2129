// Public API of the cloud service.
export { SCHEMA_VERSION } from '@yardguard/firmware-config';
export { buildApp, type BuildAppOptions, type Cloud } from './app.js';
export { defaultConfig, type CloudConfig, type MqttIngressConfig } from './config.js';
export { assertCompound } from './auth/index.js';
export { PUBLIC_ROUTES, type RouteAuth, type CompoundSource } from './http/route-auth.js';
export { startCloud, type StartCloudOptions, type RunningCloud } from './start.js';
export { seedDemo, DEMO_PASSWORD, type DemoData } from './seed-demo.js';
export { connectGatewaySim, type GatewaySim, type GatewaySimOptions } from './sim/gateway-sim.js';
export { createLocalBus, type ClusterBus } from './cluster/bus.js';
