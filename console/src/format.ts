/** Time formatting shared by the pages: always China time (the compounds' clock), whatever the phone is set to. */
import type { Translate } from './i18n/i18n.js';

export const CHINA_TZ = 'Asia/Shanghai';

/**
 * One formatter per language, made once: `toLocaleString` with options builds a new
 * Intl.DateTimeFormat (time-zone data included) on every call, which the profile of the alert desk
 * showed as two thirds of an alert card's render time.
 */
const timeFormats: Partial<Record<'zh' | 'en', Intl.DateTimeFormat>> = {};

export function formatTime(iso: string | undefined | null, lang: 'zh' | 'en'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const f = (timeFormats[lang] ??= new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: CHINA_TZ, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }));
  return f.format(d);
}

export function formatAgo(iso: string | undefined, now: number, t: Translate): string {
  if (!iso) return t('common.never');
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return '—';
  if (ms < 60_000) return t('common.justNow');
  if (ms < 3_600_000) return t('common.minutesAgo', { n: Math.floor(ms / 60_000) });
  return t('common.hoursAgo', { n: Math.floor(ms / 3_600_000) });
}

/** mm:ss (or h:mm:ss) until a moment; negative means passed. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD` of the day it is in China at `now` (not the UTC date: before 08:00 Beijing that is yesterday). */
export function chinaDate(now: number = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A `datetime-local` value meant as China time (`2026-12-02T08:00`) -> the instant. */
export function fromChinaLocal(value: string): Date {
  return new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
}

/** The first instant of a China calendar day (`2026-12-02` -> `2026-12-02T00:00:00+08:00`), for a `from` filter. */
export function chinaDayStart(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** The first instant after a China calendar day, for an exclusive `to` filter (the whole day is included). */
export function chinaDayEnd(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return `${next}T00:00:00+08:00`;
}

/** `2026-12-02 08:05:09` in China time, for exported tables (sortable, no locale words). */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
