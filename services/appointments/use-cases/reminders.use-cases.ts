import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { AppError } from '../../../shared/errors/errors';
import { AppointmentReminderDue } from '../events/appointments.events';
import type { Reminder } from '../domain/appointments.ports';
import { parisIso } from '../domain/paris-time';
import { mayRemindNow, parisMonth } from '../domain/reminders';
import type { AppointmentsDeps } from './appointments.use-cases';

/** How many UTC days back the schedule looks for reminders not sent yet (an outage of the schedule). */
export const CATCH_UP_DAYS = 3;

export interface RemindersOutcome {
  sent: number;
  /** The appointment was cancelled, done, or is less than an hour away: nothing is sent. */
  dropped: number;
  /** Quiet hours or days: tried again at the next run. */
  waiting: number;
  /** Beyond the month's budget: not sent (alarm in the logs). */
  overBudget: number;
}

/** A write that lost to another run (never shown to anyone: the schedule tries again). */
const raced = () => kernelErrors.error('concurrent-write');
const lostRace = (error: unknown) => error instanceof AppError;

/**
 * The schedule's work (every 5 minutes): each message due by now — today's and, after an
 * outage, the previous days' — is checked against the appointment as it is now. Still booked,
 * more than an hour away, outside the quiet hours and within the month's budget: one
 * transaction removes the reminder, counts it and publishes `AppointmentReminderDue` (intake
 * finds the person's contact, notifications sends). Otherwise it is dropped (past, cancelled)
 * or left for the next run (quiet hours). Two runs racing: the reminder's conditional removal
 * lets one of them send.
 */
export function makeSendDueReminders(deps: AppointmentsDeps) {
  const { repository } = deps;
  const open = () => deps.newUnitOfWork?.() ?? new UnitOfWork();
  return {
    async execute(): Promise<RemindersOutcome> {
      const now = deps.clock.now();
      const rules = deps.reminderRules();
      const outcome: RemindersOutcome = { sent: 0, dropped: 0, waiting: 0, overBudget: 0 };
      const due: Reminder[] = [];
      for (let back = CATCH_UP_DAYS; back >= 0; back--) {
        const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
        due.push(...(await repository.dueReminders(day, now.toISOString())));
      }
      for (const reminder of due) {
        const appointment = await repository.getAppointment(reminder.appointmentId);
        const decision = appointment?.status === 'booked' ? mayRemindNow(new Date(appointment.start), now, rules) : 'too-late';
        if (decision === 'wait') {
          outcome.waiting++;
          continue;
        }
        const uow = open();
        repository.deleteReminder(uow, reminder, raced);
        if (decision === 'too-late' || !appointment) {
          await uow.commit().catch((error) => {
            if (!lostRace(error)) throw error;
          });
          outcome.dropped++;
          continue;
        }
        const month = parisMonth(now);
        const sent = await repository.getMessagesSent(month);
        if (sent >= rules.monthlyBudget) {
          await uow.commit().catch((error) => {
            if (!lostRace(error)) throw error;
          });
          outcome.overBudget++;
          continue;
        }
        repository.setMessagesSent(uow, month, sent + 1, sent, raced);
        const site = await repository.getSite(appointment.siteId);
        repository.publish(
          uow,
          AppointmentReminderDue.create({
            appointmentId: appointment.id,
            referralId: appointment.referralId,
            siteId: appointment.siteId,
            organisationId: appointment.organisationId,
            bookedByOrganisationId: appointment.bookedByOrganisationId,
            start: parisIso(new Date(appointment.start)),
            end: parisIso(new Date(appointment.end)),
            channel: appointment.channel,
            at: now.toISOString(),
            kind: reminder.kind,
            siteName: site?.name ?? '',
          }),
        );
        try {
          await uow.commit();
          outcome.sent++;
        } catch (error) {
          // Another run sent it, or counted another message meanwhile: the next run sees it again if still due.
          if (!lostRace(error)) throw error;
        }
      }
      return outcome;
    },
  };
}
