/**
 * Times in text meant for people (work-order descriptions, timeline lines) are China local time:
 * residents and guards read `2026-11-25 01:31`, not `2026-11-24T17:31:47.400Z`.
 */
const CHINA_TIME_ZONE = 'Asia/Shanghai';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai; an unparsable input is returned unchanged (text, never a crash). */
export function chinaLocalTime(isoTime: string): string {
  const ms = Date.parse(isoTime);
  if (Number.isNaN(ms)) return isoTime;
  const p = Object.fromEntries(parts.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
