import type { sirenPatterns } from '@yardguard/firmware-config';

export type SirenPattern = (typeof sirenPatterns)[number];
