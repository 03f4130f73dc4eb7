/** The calendar date `days` after `date` (`YYYY-MM-DD`). */
function nextDay(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The public holidays of metropolitan France (Code du travail, L3133-1), as `YYYY-MM-DD` → name.
 * Easter by the Gregorian computus (Meeus/Jones/Butcher); Alsace-Moselle's two extra days are not
 * in: the Lot and its neighbours do not have them. The appointments' working days and the
 * directory's `PH` in opening hours (ADR 0058) both read this one calendar.
 */
export function frenchPublicHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  const fixed = (mmdd: string) => `${year}-${mmdd}`;
  return new Map([
    [fixed('01-01'), 'Jour de l’an'],
    [nextDay(easter, 1), 'Lundi de Pâques'],
    [fixed('05-01'), 'Fête du travail'],
    [fixed('05-08'), 'Victoire 1945'],
    [nextDay(easter, 39), 'Ascension'],
    [nextDay(easter, 50), 'Lundi de Pentecôte'],
    [fixed('07-14'), 'Fête nationale'],
    [fixed('08-15'), 'Assomption'],
    [fixed('11-01'), 'Toussaint'],
    [fixed('11-11'), 'Armistice 1918'],
    [fixed('12-25'), 'Noël'],
  ]);
}

/** The public holiday on this date, if any (« Lundi de Pâques »). */
export function publicHoliday(date: string): string | undefined {
  return frenchPublicHolidays(Number(date.slice(0, 4))).get(date);
}

/** Easter Sunday of a Gregorian year, `YYYY-MM-DD`. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
