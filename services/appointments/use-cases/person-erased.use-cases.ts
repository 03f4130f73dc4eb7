import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { PersonErased } from '../../intake/events/intake.events';
import type { AppointmentsRepository } from '../domain/appointments.ports';


export interface ForgetOutcome {
  appointments: number;
  referrals: number;
  links: number;
}

/**
 * Forget a person erased by intake (ADR 0037, DOMAIN rule 6).
 * Primary course: `PersonErased` arrives → her appointments (found by her pointers) lose her id
 * and are marked `personErasedAt` (no message goes to her any more: the reminders drop them) →
 * her referral copies lose her id → the booking links given for those referrals are deleted
 * (one not used yet no longer opens; its messages are dropped) → her pointers are deleted with
 * each change, in the same transaction. The appointments stay, anonymous (site, time, status,
 * themes): the referral's timeline and the partner's agenda keep them, and the observatory's
 * no-show rate was counted from the events, never from her. Appointments holds no phone number
 * of hers (intake resolves her contact for each message). Running it again finds no pointer
 * left: nothing changes.
 */
export function makeForgetPerson(deps: { repository: AppointmentsRepository; newUnitOfWork?: () => UnitOfWork }) {
  const { repository } = deps;
  const open = () => deps.newUnitOfWork?.() ?? new UnitOfWork();
  return {
    async execute(event: ReceivedEvent): Promise<ForgetOutcome> {
      const outcome: ForgetOutcome = { appointments: 0, referrals: 0, links: 0 };
      if (event.detailType !== PersonErased.detailType) return outcome;
      const { personId, at } = PersonErased.parse(event.detail).data;

      // One transaction per appointment and per referral: a person with many stays under DynamoDB's limit, and a
      // failure half-way is finished by the bus's retry (what was done has lost its pointer).
      for (const appointment of await repository.appointmentsOfPerson(personId)) {
        const uow = open();
        repository.forgetInAppointment(uow, appointment, personId, at);
        await uow.commit();
        outcome.appointments++;
      }
      for (const referralId of await repository.referralsOfPerson(personId)) {
        const referral = await repository.getReferral(referralId);
        const links = await repository.bookingLinksOf(referralId);
        const uow = open();
        for (const link of links) repository.deleteBookingLink(uow, link);
        repository.forgetInReferral(uow, personId, referralId, referral);
        await uow.commit();
        outcome.referrals++;
        outcome.links += links.length;
      }
      return outcome;
    },
  };
}
