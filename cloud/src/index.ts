// Public API of the cloud service (filled by issue 4).
export { SCHEMA_VERSION } from '@yardguard/firmware-config';
