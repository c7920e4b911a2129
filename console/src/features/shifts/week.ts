/** Week arithmetic for the shift calendar (local time, weeks start on Monday as in China). */
export function startOfWeek(d: Date): Date {
  const x = new Date(d);
  x.setHours(0, 0, 0, 0);
  const dow = (x.getDay() + 6) % 7;
  x.setDate(x.getDate() - dow);
  return x;
}

export function addDays(d: Date, n: number): Date {
  const x = new Date(d);
  x.setDate(x.getDate() + n);
  return x;
}

/** Shifts that overlap the day [day, day+1). */
export function overlapsDay<T extends { startsAt: string; endsAt: string }>(shifts: readonly T[], day: Date): T[] {
  const a = day.getTime();
  const b = addDays(day, 1).getTime();
  return shifts.filter((s) => Date.parse(s.startsAt) < b && Date.parse(s.endsAt) > a);
}

export function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
