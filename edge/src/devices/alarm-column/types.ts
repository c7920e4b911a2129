import type { sirenPatterns } from '@yardguard/firmware-config/wire';

export type SirenPattern = (typeof sirenPatterns)[number];
