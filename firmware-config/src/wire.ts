// The wire contract and config schemas, without the cloud's HTTP API bodies: what a gateway
// needs. The agent imports this entry, so a Pi does not load (and keep in memory) the schemas of
// every console page. Browser-safe, like the root entry.
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
