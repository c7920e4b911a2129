// The cloud HTTP API bodies (zod schemas + types), shared by the cloud routes and the console client.
export * from './common.js';
export * from './auth.js';
export * from './compounds.js';
export * from './gateways.js';
export * from './gates.js';
export * from './users.js';
export * from './ops.js';
export * from './charts.js';
export * from './governance.js';
export * from './callbacks.js';
export * from './reports.js';
export * from './notices.js';
export * from './care.js';
export * from './overview.js';
export * from './releases.js';
