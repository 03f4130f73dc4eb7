import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { newId } from '../../../shared/validation/common.schema';
import { surveysSettings } from '../../surveys/surveys.settings';
import { appointmentsSettings } from '../appointments.settings';
import { chooseBook, rdvspToken } from '../book/choose-book';
import { DynamoAppointmentsRepository } from '../store/appointments.repository';
import type { AppointmentsDeps } from '../use-cases/appointments.use-cases';
import type { BookingLinkDeps } from '../use-cases/booking-links.use-cases';

/** Production wiring, built once per process (module scope). */
const repository = new DynamoAppointmentsRepository();

export const appointmentsDeps: AppointmentsDeps = {
  repository,
  // Each organisation's book as the directory says (ADR 0042), its key read from the secret it names.
  appointmentBook: chooseBook(repository, { token: rdvspToken }),
  clock: { now: () => new Date() },
  newId,
  reminderRules() {
    const own = appointmentsSettings();
    // The platform's SMS quiet hours and days (rule 7) are the surveys' settings: one rule for every SMS to a person.
    const sms = surveysSettings();
    return {
      daysBefore: own.RELAIS_APPOINTMENT_REMINDER_DAYS_BEFORE,
      time: own.RELAIS_APPOINTMENT_REMINDER_TIME,
      monthlyBudget: own.RELAIS_APPOINTMENT_SMS_MONTHLY_BUDGET,
      quietHours: sms.RELAIS_SMS_QUIET_HOURS,
      quietDays: sms.RELAIS_SMS_QUIET_DAYS,
    };
  },
};

/** The person's booking links also need the platform's link secret (Secrets Manager on AWS). */
export const bookingLinkDeps: BookingLinkDeps = { ...appointmentsDeps, linkSecret: loadLinkSecret };
