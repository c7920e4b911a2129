/**
 * Every error code the cloud's contract names, and every code a gateway or device answers a command
 * with, has words in both languages: a new code without them fails the typecheck.
 */
import type { ApiErrorCode, CommandErrorCode } from '@yardguard/firmware-config';
import type { MessageKey } from './zh.js';

type Untranslated = Exclude<`error.${ApiErrorCode}`, MessageKey>;
export const everyErrorCodeTranslated: [Untranslated] extends [never] ? true : Untranslated = true;

type UntranslatedCommand = Exclude<`cmdError.${CommandErrorCode}`, MessageKey>;
export const everyCommandErrorTranslated: [UntranslatedCommand] extends [never] ? true : UntranslatedCommand = true;
