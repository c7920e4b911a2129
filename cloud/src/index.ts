// Public API of the cloud service.
export { SCHEMA_VERSION } from '@yardguard/firmware-config';
export { buildApp, type BuildAppOptions, type Cloud } from './app.js';
export { defaultConfig, type CloudConfig, type MqttIngressConfig } from './config.js';
export { requireRole, assertCompound } from './auth/index.js';
