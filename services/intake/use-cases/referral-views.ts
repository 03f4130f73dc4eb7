import type { Person } from '../domain/person.schema';
import type { Referral } from '../domain/referral.rules';
import type { ReferralSummary, ReferralView } from '../domain/referral.schema';

/** A referral in a box: no liaison note, no identity. */
export function referralSummary(referral: Referral, nameOf: (id: string) => string): ReferralSummary {
  const { liaisonNote: _note, ...rest } = referral;
  return {
    ...rest,
    deliveries: referral.deliveries ?? [],
    fromOrganisationName: nameOf(referral.fromOrganisationId),
    toOrganisationName: nameOf(referral.toOrganisationId),
  };
}

/** A referral opened by its sender or receiver: the note, and whom to reach. */
export function referralView(referral: Referral, nameOf: (id: string) => string, person?: Person): ReferralView {
  return {
    ...referralSummary(referral, nameOf),
    liaisonNote: referral.liaisonNote,
    ...(person
      ? {
          person: {
            id: person.id,
            lastName: person.lastName,
            firstName: person.firstName,
            ...(person.birthDate ? { birthDate: person.birthDate } : {}),
            ...(person.communeCode ? { communeCode: person.communeCode } : {}),
            ...(person.phone ? { phone: person.phone } : {}),
            ...(person.email ? { email: person.email } : {}),
          },
        }
      : {}),
  };
}
