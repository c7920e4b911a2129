// Public API of the edge agent (filled by issue 3).
export { SCHEMA_VERSION } from '@yardguard/firmware-config';
