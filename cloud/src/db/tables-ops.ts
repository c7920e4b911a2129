/** Operations table row types (Kysely): alerts, shifts, incidents, work orders. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OpsTables {}
