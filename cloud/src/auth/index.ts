// Authentication and authorization for every route (core and operations).
export { requireRole, assertCompound, compoundScope, mayAccessCompound, hasRole, currentUser } from './authorize.js';
export { installAuthenticate, tokenOf } from './authenticate.js';
export { lookupSession, createSession, revokeSession, hashToken } from './sessions.js';
export { loadUser, leaseValid, type LoadedUser } from './load-user.js';
