// Types for ./owned.js (re-exported by ./index.js).
export type { OwnedHandle } from './index.js';
export { spawnOwned, own, ownChildGroups } from './index.js';
export function processGroupOf(pid?: number): number;
export function watchdogPidForTests(): number;
