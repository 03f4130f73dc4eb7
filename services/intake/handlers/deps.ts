import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { newId } from '../../../shared/validation/common.schema';
import type { IntakeDeps } from '../domain/intake.ports';
import { intakeSettings } from '../intake.settings';
import { DynamoIntakeRepository } from '../store/intake.repository';

/** Production wiring, built once per process (module scope). */
export const intakeDeps: IntakeDeps = {
  repository: new DynamoIntakeRepository(),
  clock: { now: () => new Date() },
  newId,
  get referralExpiryDays() {
    return intakeSettings().RELAIS_REFERRAL_EXPIRY_DAYS;
  },
  get referralDelays() {
    const s = intakeSettings();
    return {
      reminderDay: s.RELAIS_REFERRAL_REMINDER_DAY,
      acceptedReminderDay: s.RELAIS_REFERRAL_ACCEPTED_REMINDER_DAY,
      acceptedExpiryDays: s.RELAIS_REFERRAL_ACCEPTED_EXPIRY_DAYS,
    };
  },
  get referralLinkDays() {
    return intakeSettings().RELAIS_REFERRAL_LINK_DAYS;
  },
  linkSecret: loadLinkSecret,
};
