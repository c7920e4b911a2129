/**
 * A gateway's or device's refusal of a command in the reader's language: the words for its code
 * (CommandErrorCode, all translated: see i18n/error-codes.ts) with the edge's own detail after them.
 * null for a code the console has no words for: the caller shows what the edge sent.
 */
import type { Translate } from './i18n.js';

export function commandReason(i18n: { t: Translate; tx(prefix: string, value: string): string }, code: string | null | undefined, detail: string | null | undefined): string | null {
  if (!code) return null;
  const words = i18n.tx('cmdError', code);
  if (words === code) return null;
  return detail && detail !== code ? i18n.t('installer.reasonDetail', { words, detail }) : words;
}
