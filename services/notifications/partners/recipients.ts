import type { ReferralNotice } from './referral-events';

/** Which side of the referral a message is written for. */
export type Audience = 'receiver' | 'sender';

export interface Recipient {
  organisationId: string;
  audience: Audience;
}

/**
 * Who is told (DOMAIN.md rule 4): the receiving organisation the moment a referral is sent and
 * when its answer is due; the sending organisation at every later step, since the sender sees
 * every step; both when it expires; the receiver alone when the sender withdraws it. An organisation referring to itself is told once.
 */
export function recipientsOf(notice: ReferralNotice): Recipient[] {
  const receiver: Recipient = { organisationId: notice.toOrganisationId, audience: 'receiver' };
  const sender: Recipient = { organisationId: notice.fromOrganisationId, audience: 'sender' };
  let recipients: Recipient[];
  // An appointment booked for the referral: the organisation that receives the person.
  if (notice.kind === 'sent' || notice.kind === 'reminder' || notice.kind === 'link' || notice.kind === 'appointment')
    recipients = [receiver];
  else if (notice.status === 'expired') recipients = [sender, receiver];
  // The sender withdrew it: the receiver is told it has nothing more to do.
  else if (notice.status === 'withdrawn') recipients = [receiver];
  else recipients = [sender];
  return recipients.filter((r, i) => recipients.findIndex((o) => o.organisationId === r.organisationId) === i);
}

/** Only the receiving organisation gets the signed link that opens the liaison note, and only while it can still answer. */
export function getsAnswerLink(notice: ReferralNotice, audience: Audience): boolean {
  return (
    audience === 'receiver' &&
    (notice.kind === 'sent' || notice.kind === 'reminder' || notice.kind === 'link' || notice.kind === 'appointment')
  );
}
