import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { Appointment } from './appointments.ports';

/**
 * A cancel that a person's erasure asked of her organisation's external agenda and that agenda
 * did not answer (ADR 0065): kept so the `externalCancels` schedule asks again. Nothing of her:
 * the appointment, its organisation, the agenda's id of the rdv, and the retry's own state.
 */
export interface PendingExternalCancel {
  appointmentId: string;
  organisationId: string;
  /** The appointment's id in its organisation's agenda (what the cancel names there). */
  external: NonNullable<Appointment['external']>;
  /** Attempts made so far, the erasure's included. */
  attempts: number;
  /** The erasure's attempt (UTC, ISO): the give-up limit counts from it. */
  since: string;
  /** From when the next attempt may be made (UTC, ISO). */
  nextAttemptAt: string;
}

/** Minutes before the next attempt after the 1st failed one, the 2nd, then after every later one. */
export const RETRY_DELAYS_MIN = [15, 60, 180] as const;
/** After this long without an answer the cancel is given up (logged as an error and counted for the ops alarm). */
export const GIVE_UP_AFTER_DAYS = 30;

/** When to try again after `attempts` failed attempts. */
export function nextAttemptAt(attempts: number, now: Date): string {
  const delay = RETRY_DELAYS_MIN[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MIN.length) - 1]!;
  return new Date(now.getTime() + delay * 60_000).toISOString();
}

/** The cancel to try again of an appointment whose agenda did not answer at the erasure (undefined: no external agenda). */
export function pendingCancelOf(appointment: Appointment, now: Date): PendingExternalCancel | undefined {
  if (!appointment.external) return undefined;
  return {
    appointmentId: appointment.id,
    organisationId: appointment.organisationId,
    external: appointment.external,
    attempts: 1,
    since: now.toISOString(),
    nextAttemptAt: nextAttemptAt(1, now),
  };
}

/** Why a pending cancel is given up (the ERROR log says it). */
export type GiveUpReason = 'started' | 'limit' | 'book-changed';

/**
 * What to do with a pending cancel before asking the agenda: `drop` it (the appointment is no
 * longer booked, or no longer the rdv that was pending: nothing left to cancel there), `give-up`
 * (its time has come: the place can no longer be freed), or `ask`.
 */
export function beforeAttempt(
  pending: PendingExternalCancel,
  appointment: Appointment | undefined,
  now: Date,
): { do: 'drop' } | { do: 'give-up'; why: GiveUpReason } | { do: 'ask' } {
  if (appointment?.status !== 'booked' || appointment.external?.id !== pending.external.id) return { do: 'drop' };
  if (Date.parse(appointment.start) <= now.getTime()) return { do: 'give-up', why: 'started' };
  return { do: 'ask' };
}

/** After one more failed attempt: the next one, or give up once the limit is reached. */
export function afterFailedAttempt(
  pending: PendingExternalCancel,
  now: Date,
): { do: 'retry'; next: PendingExternalCancel } | { do: 'give-up'; why: GiveUpReason } {
  const attempts = pending.attempts + 1;
  if (now.getTime() - Date.parse(pending.since) >= GIVE_UP_AFTER_DAYS * 86_400_000) return { do: 'give-up', why: 'limit' };
  return { do: 'retry', next: { ...pending, attempts, nextAttemptAt: nextAttemptAt(attempts, now) } };
}

/**
 * Where the pending cancels are kept (ADR 0065): a port of its own, not a method of the
 * appointments' repository, so that only the two functions that use it (the erasure's consumer and
 * the schedule) carry it (ADRs 53, 64).
 */
export interface PendingCancels {
  /** The pending cancels due at or before `untilIso`, the earliest first. */
  due(untilIso: string): Promise<PendingExternalCancel[]>;
  /** Keep one (written only if the same one is not kept already). */
  keep(uow: UnitOfWork, pending: PendingExternalCancel): void;
  /** Removed only if still there (of two schedule runs, one acts on it). */
  remove(uow: UnitOfWork, pending: PendingExternalCancel, onConditionFailed: () => Error): void;
}
