/**
 * The Kysely database type: core tables (db/tables-core.ts, owned by the core: users, compounds,
 * gateways, devices, events, audit...) plus operations tables (db/tables-ops.ts: alerts, shifts,
 * incidents, work orders...). Migrations live in db/migrations/: 0xx_* core, 1xx_* operations.
 */
import type { CoreTables } from './tables-core.js';
import type { OpsTables } from './tables-ops.js';
import type { GovernanceTables } from './tables-governance.js';
import type { ReleaseTables } from './tables-releases.js';

export interface Database extends CoreTables, OpsTables, GovernanceTables, ReleaseTables {}
