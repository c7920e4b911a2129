// Authentication and authorization helpers for route handlers.
export { assertCompound, compoundScope, mayAccessCompound, hasRole, currentUser } from './authorize.js';
export { authenticateRequest, tokenOf } from './authenticate.js';
export { lookupSession, createSession, revokeSession, hashToken } from './sessions.js';
export { loadUser, leaseValid, type LoadedUser } from './load-user.js';
