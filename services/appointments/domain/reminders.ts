import { type QuietRules, nextAllowedTime } from '../../../shared/sms/send-time';
import { fromParis, nextDay, toParis } from './paris-time';

/** The person's messages about an appointment: at booking, and the reminder days before. */
export type ReminderKind = 'booked' | 'day-before';

export interface ReminderRules extends QuietRules {
  /** Days before the appointment for the reminder; 0: none. */
  daysBefore: number;
  /** Paris time of the reminder, `HH:MM`. */
  time: string;
  /** Messages per calendar month (Paris). */
  monthlyBudget: number;
}

export interface PlannedReminder {
  kind: ReminderKind;
  /** UTC instant (ISO) from which it may go. */
  due: string;
}

/** How close to the start a message is still worth sending (not when the person should already be on her way). */
export const LAST_CALL_MS = 60 * 60_000;

/**
 * When the person hears about an appointment booked at `now` for `start` (rule 7: never in the
 * quiet hours or days, Europe/Paris): at booking (at the next allowed time), and `daysBefore`
 * days before at `time` — moved to the end of the quiet hours if it falls in them, and given up
 * when that leaves less than an hour before the start, or when it would come before the booking
 * message anyway (an appointment booked for tomorrow: the booking message is the reminder).
 */
export function planReminders(start: Date, now: Date, rules: ReminderRules): PlannedReminder[] {
  const planned: PlannedReminder[] = [];
  const last = start.getTime() - LAST_CALL_MS;
  const atBooking = nextAllowedTime(now, rules);
  if (atBooking.getTime() <= last) planned.push({ kind: 'booked', due: atBooking.toISOString() });
  if (rules.daysBefore > 0) {
    const day = nextDay(toParis(start).date, -rules.daysBefore);
    const nominal = fromParis(day, rules.time) ?? fromParis(day, '12:00');
    if (nominal) {
      const due = nextAllowedTime(nominal, rules);
      if (due.getTime() <= last && due.getTime() > atBooking.getTime() + LAST_CALL_MS) {
        planned.push({ kind: 'day-before', due: due.toISOString() });
      }
    }
  }
  return planned;
}

/**
 * Whether a due message may go now: the appointment is still booked and more than an hour
 * away (even after an outage the schedule never sends about a past appointment), and now is
 * not in the quiet hours or days.
 */
export function mayRemindNow(start: Date, now: Date, rules: QuietRules): 'send' | 'wait' | 'too-late' {
  if (now.getTime() > start.getTime() - LAST_CALL_MS) return 'too-late';
  return nextAllowedTime(now, rules).getTime() > now.getTime() ? 'wait' : 'send';
}

/** The Paris month of an instant, `YYYY-MM` (the budget's counter). */
export const parisMonth = (at: Date) => toParis(at).date.slice(0, 7);
