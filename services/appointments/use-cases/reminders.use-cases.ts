import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { AppError } from '../../../shared/errors/errors';
import { AppointmentReminderDue, BookingLinkExpired, BookingLinkMessageDue } from '../events/appointments.events';
import type { Reminder } from '../domain/appointments.ports';
import { parisIso } from '../domain/paris-time';
import { manageToken } from '../domain/manage-link';
import { mayRemindNow, parisMonth } from '../domain/reminders';
import { nextAllowedTime } from '../../../shared/sms/send-time';
import { type BookingLinkDeps, bookingToken } from './booking-links.use-cases';

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
export function makeSendDueReminders(deps: BookingLinkDeps) {
  const { repository } = deps;
  const open = () => deps.newUnitOfWork?.() ?? new UnitOfWork();

  /** Commit, a lost race being no failure (another run did the work). */
  const commitQuietly = async (uow: UnitOfWork) => {
    try {
      await uow.commit();
      return true;
    } catch (error) {
      if (!lostRace(error)) throw error;
      return false;
    }
  };

  /**
   * A booking link's message (given, reminded at day 3) or end (day 7): nothing once she chose a
   * slot with it; the messages wait for an allowed time and count in the budget; at its end, a
   * link never used tells the referral she did not book (`BookingLinkExpired`).
   */
  async function linkMessage(reminder: Reminder, now: Date, outcome: RemindersOutcome) {
    const rules = deps.reminderRules();
    const [referralId = '', nonce = ''] = reminder.appointmentId.split('.');
    const link = await repository.getBookingLink(referralId, nonce);
    const uow = open();
    repository.deleteReminder(uow, reminder, raced);
    if (link?.status !== 'open' || (reminder.kind !== 'link-expiry' && Date.parse(link.expiresAt) <= now.getTime())) {
      if (await commitQuietly(uow)) outcome.dropped++;
      return;
    }
    if (reminder.kind === 'link-expiry') {
      repository.publish(
        uow,
        BookingLinkExpired.create({
          referralId,
          siteId: link.siteId,
          issuedAt: link.issuedAt,
          expiresAt: link.expiresAt,
          at: now.toISOString(),
        }),
      );
      if (await commitQuietly(uow)) outcome.sent++;
      return;
    }
    if (nextAllowedTime(now, rules).getTime() > now.getTime()) {
      outcome.waiting++;
      return;
    }
    const month = parisMonth(now);
    const sent = await repository.getMessagesSent(month);
    if (sent >= rules.monthlyBudget) {
      if (await commitQuietly(uow)) outcome.overBudget++;
      return;
    }
    repository.setMessagesSent(uow, month, sent + 1, sent, raced);
    const site = await repository.getSite(link.siteId);
    repository.publish(
      uow,
      BookingLinkMessageDue.create({
        referralId,
        siteId: link.siteId,
        siteName: site?.name ?? '',
        kind: reminder.kind === 'link' ? 'link' : 'link-reminder',
        token: bookingToken(link, await deps.linkSecret()),
        expiresAt: parisIso(new Date(link.expiresAt)),
        at: now.toISOString(),
      }),
    );
    if (await commitQuietly(uow)) outcome.sent++;
  }
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
        if (reminder.kind === 'link' || reminder.kind === 'link-reminder' || reminder.kind === 'link-expiry') {
          await linkMessage(reminder, now, outcome);
          continue;
        }
        const appointment = await repository.getAppointment(reminder.appointmentId);
        // A person erased by intake (`PersonErased`) hears nothing more: her appointment's messages are dropped.
        const decision =
          appointment?.status === 'booked' && !appointment.personErasedAt ? mayRemindNow(new Date(appointment.start), now, rules) : 'too-late';
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
            kind: reminder.kind === 'day-before' ? 'day-before' : 'booked',
            siteName: site?.name ?? '',
            // Her link to cancel or move it (ADR 0042), valid until the start.
            manageToken: manageToken(appointment.id, await deps.linkSecret()),
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
