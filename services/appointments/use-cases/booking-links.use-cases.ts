import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import { signLink, verifyLink } from '../../../shared/auth/signed-link';
import { type UseCaseContext, defineUseCase } from '../../../shared/use-case/define-use-case';
import { IdSchema, IsoDateTimeSchema } from '../../../shared/validation/common.schema';
import { appUrlNow } from '../../notifications/app-url';
import { CHANNELS } from '../domain/availability';
import type { BookingLink, ReferralCopy } from '../domain/appointments.ports';
import { nextDay, parisIso, toParis } from '../domain/paris-time';
import { nextAllowedTime } from '../../../shared/sms/send-time';
import type { Slot } from '../domain/slots';
import { appointmentsErrors } from '../errors';
import { AppointmentBooked } from '../events/appointments.events';
import { type AppointmentsDeps, type BookResult, bookOf, placeBooking } from './appointments.use-cases';

export const BOOKING_LINK_SCOPE = 'appointment-booking';
/** How long the person's link opens (issue 17). */
export const BOOKING_LINK_DAYS = 7;
/** When she is reminded of it if she has not chosen. */
export const BOOKING_LINK_REMINDER_DAYS = 3;
/** How far the page proposes slots. */
const PAGE_DAYS = 21;
const PAGE_SLOTS = 60;

export interface BookingLinkDeps extends AppointmentsDeps {
  linkSecret(): Promise<string>;
}

const OPEN: ReadonlyArray<ReferralCopy['status']> = ['sent', 'accepted'];

/** The signed token of a link: the referral and the link's nonce, the site, the expiry. */
export const bookingToken = (link: BookingLink, secret: string) =>
  signLink(
    {
      scope: BOOKING_LINK_SCOPE,
      subject: `${link.referralId}.${link.nonce}`,
      audience: link.siteId,
      exp: Math.floor(Date.parse(link.expiresAt) / 1000),
    },
    secret,
  );

/** The SPA's page for the person (a hash route, like the partners' `#/orientation/<token>`). */
export const bookingAddress = (token: string) => `${appUrlNow()}/#/rendez-vous/${token}`;

/**
 * Give the person a link to choose her appointment herself, without an account (issue 17).
 * Primary course: the referral is known and open, the caller's organisation sent or received it
 * → the site belongs to the organisation it goes to → a link for 7 days is recorded, with the
 * messages that carry it to the person (now, at the first allowed time; again at day 3) and its
 * end (day 7: if she did not choose, `BookingLinkExpired` tells the referral). The token is
 * signed with the platform's link secret; a new link does not revive an older one's booking.
 */
export const IssueBookingLink = defineUseCase({
  name: 'appointments.issueBookingLink',
  input: z.object({ referralId: IdSchema, siteId: IdSchema }),
  action: 'appointments.bookingLink',
  refusal: () => appointmentsErrors.error('link.forbidden'),
  async run({ input, actor, uow, deps, now }: UseCaseContext<{ referralId: string; siteId: string }, BookingLinkDeps, Actor>) {
    const { repository } = deps;
    const referral = await repository.getReferral(input.referralId);
    if (!referral) throw appointmentsErrors.error('referral.unknown', { errors: [{ path: 'path.id', message: 'Orientation inconnue' }] });
    authorize(
      'appointments.bookingLink',
      actor,
      {
        sendingOrganisation: actor.organisationId === referral.fromOrganisationId,
        receivingOrganisation: actor.organisationId === referral.toOrganisationId,
      },
      appointmentsErrors.error('link.forbidden'),
    );
    if (!OPEN.includes(referral.status))
      throw appointmentsErrors.error('referral.closed', { errors: [{ path: 'path.id', message: 'Orientation close' }] });
    const site = await repository.getSite(input.siteId);
    if (!site) throw appointmentsErrors.error('booking.site-unknown', { errors: [{ path: 'body.siteId', message: 'Lieu inconnu' }] });
    if (site.organisationId !== referral.toOrganisationId) {
      throw appointmentsErrors.error('referral.other-organisation', {
        errors: [{ path: 'body.siteId', message: 'Lieu d’une autre structure que celle de l’orientation' }],
      });
    }
    const expiresAt = new Date(now.getTime() + BOOKING_LINK_DAYS * 86_400_000);
    const link: BookingLink = {
      referralId: referral.referralId,
      nonce: randomBytes(9).toString('base64url'),
      siteId: site.siteId,
      issuedByOrganisationId: actor.organisationId ?? '',
      issuedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      status: 'open',
    };
    repository.saveBookingLink(uow, link, undefined, () => appointmentsErrors.error('link.used'));
    const id = `${link.referralId}.${link.nonce}`;
    const rules = deps.reminderRules();
    repository.saveReminder(uow, { appointmentId: id, kind: 'link', due: nextAllowedTime(now, rules).toISOString() });
    const reminder = nextAllowedTime(new Date(now.getTime() + BOOKING_LINK_REMINDER_DAYS * 86_400_000), rules);
    if (reminder < expiresAt) repository.saveReminder(uow, { appointmentId: id, kind: 'link-reminder', due: reminder.toISOString() });
    repository.saveReminder(uow, { appointmentId: id, kind: 'link-expiry', due: link.expiresAt });
    return { link: bookingAddress(bookingToken(link, await deps.linkSecret())), expiresAt: parisIso(expiresAt) };
  },
});

/** The link of a token: checked (signature, scope, expiry), still open, its referral still open; 401 / 410 otherwise. */
async function linkOfToken(deps: BookingLinkDeps, token: string, now: Date) {
  const payload = verifyLink(token, BOOKING_LINK_SCOPE, await deps.linkSecret(), now);
  const [referralId, nonce] = payload?.subject.split('.') ?? [];
  const link = referralId && nonce ? await deps.repository.getBookingLink(referralId, nonce) : undefined;
  if (!payload || !link || link.siteId !== payload.audience) throw appointmentsErrors.error('link.invalid');
  if (link.status === 'booked') throw appointmentsErrors.error('link.used');
  const referral = await deps.repository.getReferral(link.referralId);
  if (!referral || !OPEN.includes(referral.status)) throw appointmentsErrors.error('link.closed');
  const site = await deps.repository.getSite(link.siteId);
  if (!site) throw appointmentsErrors.error('link.invalid');
  return { link, referral, site };
}

/**
 * The person opens her link: the place and its free slots of the next three weeks. Nothing about
 * her (no name): the link alone is the credential, it opens one referral's booking at one site.
 */
export function makeReadBookingLink(deps: BookingLinkDeps) {
  return {
    async execute(token: string): Promise<{ siteId: string; siteName: string; expiresAt: string; items: Slot[] }> {
      const now = deps.clock.now();
      const { link, site } = await linkOfToken(deps, token, now);
      const from = toParis(now).date;
      // From the organisation's book (ADR 0042): Relais' availability and counters, or its external agenda.
      const book = await bookOf(deps, site.organisationId);
      const items = await book.freeSlots(site, { from, to: nextDay(from, PAGE_DAYS), now, limit: PAGE_SLOTS });
      return { siteId: site.siteId, siteName: site.name, expiresAt: parisIso(new Date(link.expiresAt)), items };
    },
  };
}

/** The route's check of the token before any `Idempotency-Key`: the link is the caller. */
export function makeVerifyBookingLink(deps: BookingLinkDeps) {
  return {
    async execute(token: string): Promise<{ caller: string }> {
      const { link } = await linkOfToken(deps, token, deps.clock.now());
      return { caller: `link:${link.referralId}.${link.nonce}` };
    },
  };
}

/**
 * The person chooses her slot with her link. Primary course: the link verifies and is still
 * open → the booking is placed as if by the organisation that gave the link (same slot checks,
 * same race-proof counter) and, in the same transaction, the link is marked used on the
 * condition that it still was open: of two choices racing, one books, the other gets 410, as
 * does any later use of the link.
 */
export const BookWithLink = defineUseCase({
  name: 'appointments.bookWithLink',
  input: z.object({ token: z.string().min(16).max(2048), start: IsoDateTimeSchema, channel: z.enum(CHANNELS).optional() }),
  actor: 'none',
  emits: [AppointmentBooked],
  async run({
    input,
    deps,
    now,
    emit,
    openUnitOfWork,
  }: UseCaseContext<
    { token: string; start: string; channel?: (typeof CHANNELS)[number] },
    BookingLinkDeps,
    Actor | null
  >): Promise<BookResult> {
    const { link, referral, site } = await linkOfToken(deps, input.token, now);
    return placeBooking(
      { deps, now, emit, openUnitOfWork },
      {
        referral,
        site,
        start: input.start,
        channel: input.channel,
        bookedByOrganisationId: link.issuedByOrganisationId,
        bookedBy: 'lien-personne',
        alsoWrite: (uow, appointment) =>
          deps.repository.saveBookingLink(uow, { ...link, status: 'booked', appointmentId: appointment.id }, 'open', () =>
            appointmentsErrors.error('link.used'),
          ),
      },
    );
  },
});
