import { type QuietRules, nextAllowedTime } from '../../../shared/sms/send-time';
/** When a survey triggered at `triggeredAt` goes: after the delay, at the next allowed time. */
export function surveySendTime(triggeredAt: Date, delayMinutes: number, rules: QuietRules): Date {
  return nextAllowedTime(new Date(triggeredAt.getTime() + delayMinutes * 60_000), rules);
}
