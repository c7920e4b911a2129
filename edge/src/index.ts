// Public API of the edge agent: the composition root and the pieces other packages' tests use
// (the cross-package end-to-end tests start a whole agent in-process with createEdge).
export { createEdge, AGENT_VERSION } from './edge.js';
export type { Edge, EdgeDeps, EdgeStatus, CloudLink, AdaptersFactory, RulesFactory, RulesEngine, RulesEngineOptions } from './edge.js';
export { EventBus, type BusEvents } from './bus.js';
export { createLogger, silentLogger } from './log.js';
export { Outbox, type AppendResult, type OutboxRow } from './uplink/outbox.js';
export { decodeDeviceEvent } from './broker/device-event-decoder.js';
export { Forwarder, type CloudCredentials } from './uplink/forwarder.js';
export { readStatus, formatStatus, type AgentStatusReport } from './cli/status.js';
export { enroll } from './cli/enroll.js';
export { readCredentials, writeCredentials, type CredentialsFile } from './cli/credentials.js';
export { wireDevices } from './cli/wiring.js';
export { adapterFactories, createAdapters } from './devices/registry.js';
export type { DeviceAdapter, DeviceContext, CommandOutcome } from './devices/types.js';
export { SCHEMA_VERSION } from '@yardguard/firmware-config/wire';
