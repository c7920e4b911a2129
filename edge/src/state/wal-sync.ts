/**
 * The agent's WalSync (firmware-config storage/wal-sync.ts): the connection stays under FULL, and a
 * checkpoint refused by a full disk is a storage fault (counted, announced, tried again), never an
 * exception out of an fsync callback that would kill the agent: the WAL keeps the data meanwhile.
 */
import { WalSync } from '@yardguard/firmware-config/node';
import type { Db } from './db.js';
import { storageFaults } from './storage-faults.js';

export function openWalSync(db: Db): WalSync {
  return new WalSync(db, { level: 'FULL', guardCheckpoint: (run) => storageFaults(db).guard('checkpoint', () => (run(), true), false) });
}
