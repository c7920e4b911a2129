// The wire contract and config schemas. Browser-safe: nothing here imports Node modules
// (see ./node.ts for file loading, hashing and signatures).
export * from './contract/topics.js';
export * from './contract/acl.js';
export * from './contract/envelope.js';
export * from './contract/messages/events.js';
export * from './contract/messages/commands.js';
export * from './contract/messages/uplink.js';
export * from './contract/messages/enrollment.js';
export * from './config/site.js';
export * from './config/fields.js';
export * from './kinds/index.js';
export * from './config/relay-boards.js';
export * from './contract/messages/examples.js';
export * from './api/index.js';
