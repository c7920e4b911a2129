// The wire contract and config schemas, and the cloud's HTTP API bodies. Browser-safe: nothing
// here imports Node modules (see ./node.ts for file loading, hashing and signatures).
export * from './wire.js';
export * from './api/index.js';
