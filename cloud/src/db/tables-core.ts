/** Core table row types (Kysely). Filled by the core. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CoreTables {}
