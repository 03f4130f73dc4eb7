import { publicHoliday } from '../../../shared/calendar/holidays';
import type { Availability, AvailabilityException } from './availability';
import { minutesOf } from './availability';
import { fromParis, nextDay, parisIso, toParis, weekdayOf } from './paris-time';

export interface Slot {
  /** With its Paris offset: `2026-03-31T09:30:00+02:00`. */
  start: string;
  end: string;
  channel: Availability['ranges'][number]['channel'];
  /** Places left in the slot. */
  remaining: number;
}

/** Appointments already taken, by `start instant ms|channel`. */
export type Taken = ReadonlyMap<string, number>;
export const takenKey = (startMs: number, channel: string) => `${startMs}|${channel}`;

export interface SlotQuery {
  /** First day asked (`YYYY-MM-DD`, Paris). */
  from: string;
  /** Last day asked, included. */
  to: string;
  now: Date;
  /** At most this many slots (the page). */
  limit?: number;
  /** Only slots starting after this instant (the cursor of the next page). */
  after?: number;
}

/**
 * Free slots in a period: each day's ranges cut into slots, in Paris wall time (a slot keeps its
 * wall-clock time across a change of offset), minus what is closed (exceptions, public holidays),
 * too soon (minimum notice), too far (horizon) or full. Days beyond the horizon are not even
 * looked at, so a long period costs nothing.
 */
export function freeSlots(availability: Availability, taken: Taken, query: SlotQuery): Slot[] {
  const limit = query.limit ?? 200;
  const nowMs = query.now.getTime();
  const earliest = nowMs + availability.minNoticeHours * 3600_000;
  const lastDay = minDay(query.to, nextDay(toParis(nowMs).date, availability.horizonDays));
  const closures = availability.exceptions.map(closureOf);
  const out: Slot[] = [];
  for (let day = maxDay(query.from, toParis(nowMs).date); day <= lastDay; day = nextDay(day)) {
    if (!availability.openOnPublicHolidays && publicHoliday(day)) continue;
    const weekday = weekdayOf(day);
    const daySlots: Slot[] = [];
    for (const range of availability.ranges) {
      if (range.weekday !== weekday) continue;
      for (let m = minutesOf(range.from); m + range.slotMinutes <= minutesOf(range.to); m += range.slotMinutes) {
        const start = fromParis(day, hhmm(m));
        const end = fromParis(day, hhmm(m + range.slotMinutes));
        // A slot in the hour skipped in March does not exist.
        if (!start || !end) continue;
        const startMs = start.getTime();
        if (startMs < earliest || (query.after !== undefined && startMs <= query.after)) continue;
        if (closures.some((c) => startMs < c.to && end.getTime() > c.from)) continue;
        const remaining = range.capacity - (taken.get(takenKey(startMs, range.channel)) ?? 0);
        if (remaining <= 0) continue;
        daySlots.push({ start: parisIso(start), end: parisIso(end), channel: range.channel, remaining });
      }
    }
    daySlots.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.channel.localeCompare(b.channel));
    for (const slot of daySlots) {
      out.push(slot);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export type SlotRefusal = 'past' | 'too-soon' | 'too-far' | 'closed' | 'not-offered';

/** Whether `start` is a slot of the availability (whatever its bookings); why not otherwise. */
export function checkSlot(
  availability: Availability,
  start: Date,
  channel: string | undefined,
  now: Date,
): { ok: true; end: Date; capacity: number; channel: Slot['channel'] } | { ok: false; why: SlotRefusal } {
  const startMs = start.getTime();
  if (startMs <= now.getTime()) return { ok: false, why: 'past' };
  if (startMs < now.getTime() + availability.minNoticeHours * 3600_000) return { ok: false, why: 'too-soon' };
  const wall = toParis(start);
  if (wall.date > nextDay(toParis(now).date, availability.horizonDays)) return { ok: false, why: 'too-far' };
  if (!availability.openOnPublicHolidays && publicHoliday(wall.date)) return { ok: false, why: 'closed' };
  const m = minutesOf(wall.time);
  for (const range of availability.ranges) {
    if (range.weekday !== wall.weekday || (channel && range.channel !== channel)) continue;
    const from = minutesOf(range.from);
    if (m < from || m + range.slotMinutes > minutesOf(range.to) || (m - from) % range.slotMinutes !== 0) continue;
    const end = fromParis(wall.date, hhmm(m + range.slotMinutes));
    if (!end || start.getUTCSeconds() !== 0 || start.getUTCMilliseconds() !== 0) continue;
    if (availability.exceptions.map(closureOf).some((c) => startMs < c.to && end.getTime() > c.from)) return { ok: false, why: 'closed' };
    return { ok: true, end, capacity: range.capacity, channel: range.channel };
  }
  return { ok: false, why: 'not-offered' };
}

/** An exception as instants: a bare day closes that whole Paris day (to: included). */
function closureOf(e: AvailabilityException): { from: number; to: number } {
  const from = e.from.length === 10 ? (fromParis(e.from, '00:00')?.getTime() ?? Date.parse(e.from)) : Date.parse(e.from);
  const to = e.to.length === 10 ? (fromParis(nextDay(e.to), '00:00')?.getTime() ?? Date.parse(e.to)) : Date.parse(e.to);
  return { from, to };
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);
