/** A small typed dictionary: Simplified Chinese by default, English switchable, choice persisted. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zh, type MessageKey } from './zh.js';
import { en } from './en.js';
import { setTitleBase } from '../document-title.js';

export type Lang = 'zh' | 'en';
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'yg.lang';

export function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};

/**
 * `one|other` texts (English: `{n} alert|{n} alerts`) pick their form from `n` by the language's
 * plural rules; Chinese texts have one form and no `|`.
 */
function pluralForm(lang: Lang, text: string, n: unknown): string {
  if (!text.includes('|') || typeof n !== 'number') return text;
  const [one = text, other = one] = text.split('|');
  const rules = (pluralRules[lang] ??= new Intl.PluralRules(lang === 'zh' ? 'zh-CN' : 'en'));
  return rules.select(n) === 'one' ? one : other;
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = pluralForm(lang, dictionaries[lang][key] ?? key, vars?.n);
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Translate a key built from data (an enum value); falls back to the raw value when unknown. */
export function hasKey(key: string): key is MessageKey {
  return key in zh;
}

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** t() for keys made from server values, e.g. `severity.${a.severity}`; unknown values show raw. */
  tx(prefix: string, value: string): string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? readStoredLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    setTitleBase(`${translate(lang, 'app.title')} · ${translate(lang, 'app.subtitle')}`);
  }, [lang]);
  const value = useMemo<I18nValue>(() => {
    const t: Translate = (key, vars) => translate(lang, key, vars);
    const tx = (prefix: string, v: string) => {
      const key = `${prefix}.${v}`;
      return hasKey(key) ? t(key) : v;
    };
    return { lang, setLang, t, tx };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button type="button" className="btn btn-ghost" data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('lang.switch')}
    </button>
  );
}
