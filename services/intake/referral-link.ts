import { linkSecret } from '../../shared/auth/link-secret';
import { signLink } from '../../shared/auth/signed-link';
import { referralLinkPayload } from './events/intake.events';
import { intakeSettings } from './intake.settings';

/**
 * The token of a referral's signed link, valid RELAIS_REFERRAL_LINK_DAYS from `now` (intake answers 410 once the referral ends), for
 * its receiving organisation only. The directory's notifier signs the same payload itself from
 * `ReferralSent` (see events/intake.events.ts); tests and tools use this.
 */
export function referralLink(referralId: string, toOrganisationId: string, now: Date = new Date()): string {
  const days = intakeSettings().RELAIS_REFERRAL_LINK_DAYS;
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  return signLink(referralLinkPayload({ referralId, toOrganisationId, expiresAt }), linkSecret());
}
