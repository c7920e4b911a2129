/** Every error code the cloud's contract names has words in both languages: a new code without them fails the typecheck. */
import type { ApiErrorCode } from '@yardguard/firmware-config';
import type { MessageKey } from './zh.js';

type Untranslated = Exclude<`error.${ApiErrorCode}`, MessageKey>;
export const everyErrorCodeTranslated: [Untranslated] extends [never] ? true : Untranslated = true;
