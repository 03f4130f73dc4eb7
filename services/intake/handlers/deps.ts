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
  linkSecret: loadLinkSecret,
};
