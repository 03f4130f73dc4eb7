import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize } from '../../../shared/auth/policy';
import { verifyLink } from '../../../shared/auth/signed-link';
import type { Page } from '../../../shared/dynamo/paging';
import { ConflictError } from '../../../shared/errors/errors';
import { defineUseCase } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import { formatPhone } from '../../../shared/validation/phone';
import type { IntakeDeps } from '../domain/intake.ports';
import {
  type ActionNote,
  applyAction,
  DEFAULT_DELAYS,
  deadlineSteps,
  deadlines,
  expire,
  hasEnded,
  linkShowsDetails,
  markReminded,
  type ReceiverAction,
  type Referral,
  type ReferralAction,
  type ReferralDelays,
  STATUS_LABEL,
} from '../domain/referral.rules';
import {
  AcceptReferralSchema,
  CloseReferralSchema,
  type CreateReferralInput,
  CreateReferralSchema,
  DeclineReferralSchema,
  LinkParamsSchema,
  type LinkReferralSchema,
  type ReferralActor,
  type ReferralStatus,
  type ReferralSummary,
  type ReferralView,
  ReviewReferralSchema,
  WithdrawReferralSchema,
} from '../domain/referral.schema';
import { intakeErrors } from '../errors';
import {
  REFERRAL_LINK_SCOPE,
  ReferralLinkRequested,
  ReferralReminderDue,
  ReferralSent,
  ReferralStatusChanged,
} from '../events/intake.events';
import {
  type IntakeUseCaseContext,
  type IntakeUseCaseDeps,
  organisationNames,
  organisationOf,
  referralActor,
  type WriteContext,
} from './context';
import { accessTo } from './person-access';
import { channelsOf } from './reachability.use-cases';
import { requireOwnSite } from './receptions.use-cases';
import { referralSummary, referralView } from './referral-views';

/** The caller's organisation's part in a referral, as the policy reads it. */
function referralFacts(referral: Pick<Referral, 'fromOrganisationId' | 'toOrganisationId'>, organisationId: string | null) {
  return {
    sendingOrganisation: organisationId !== null && referral.fromOrganisationId === organisationId,
    receivingOrganisation: organisationId !== null && referral.toOrganisationId === organisationId,
  };
}

/**
 * Send a referral (rule 4: closed loop).
 * Primary course: from a reception (or directly), an agent sends the person to a partner
 * organisation (optionally one of its services) with the themes, the reason, the urgency and
 * the liaison note → the referral is stored as `sent` with its deadlines (reminder on
 * RELAIS_REFERRAL_REMINDER_DAY, expiry after RELAIS_REFERRAL_EXPIRY_DAYS) and the first step of its history → the
 * receiving organisation may now read that person → `ReferralSent` is announced (the
 * directory notifies the partner). A referral about a person is audited.
 */
export const SendReferral = defineUseCase({
  name: 'intake.sendReferral',
  input: CreateReferralSchema,
  action: 'referral.send',
  emits: [ReferralSent],
  async run({ input, actor, uow, deps, now, emit }: IntakeUseCaseContext<CreateReferralInput>): Promise<ReferralView> {
    const { repository, newId } = deps;
    const organisationId = organisationOf(actor);
    const to = await repository.getOrganisation(input.toOrganisationId);
    if (!to)
      throw intakeErrors.error('referral.unknown-organisation', {
        errors: [{ path: 'body.toOrganisationId', message: 'Structure inconnue' }],
      });
    // A referral opens the person's file to its recipient: never to oneself (SECURITY.md).
    if (to.organisationId === organisationId) {
      throw intakeErrors.error('referral.to-own-organisation', {
        errors: [{ path: 'body.toOrganisationId', message: 'C’est votre propre structure' }],
      });
    }
    // Nobody would be told (issue 14): the sender says how she tells the partner herself. Until the
    // notifications service has announced the organisation's channels (a moment after it joins the
    // directory) nothing is known of them, and the referral is not refused for it (ADR 0026).
    const known = await repository.getReach(to.organisationId);
    const reach = channelsOf(known);
    if (reach.length === 0 && known.channelsVersion !== undefined && !input.offlineChannel) {
      throw intakeErrors.error('referral.unreachable-partner', {
        errors: [
          { path: 'body.toOrganisationId', message: 'Structure injoignable par Relais : choisissez offlineChannel (phone, print, mail)' },
        ],
      });
    }
    if (input.serviceId) {
      const service = await repository.getService(input.serviceId);
      if (!service)
        throw intakeErrors.error('referral.unknown-service', { errors: [{ path: 'body.serviceId', message: 'Service inconnu' }] });
      if (service.organisationId !== to.organisationId) {
        throw intakeErrors.error('referral.unknown-service', {
          errors: [{ path: 'body.serviceId', message: 'Ce service n’est pas proposé par la structure destinataire' }],
        });
      }
    }
    const reception = input.receptionId ? await repository.getReception(input.receptionId) : undefined;
    if (input.receptionId && (!reception || reception.organisationId !== organisationId)) {
      throw intakeErrors.error('referral.unknown-reception', {
        errors: [{ path: 'body.receptionId', message: 'Accueil inconnu dans votre structure' }],
      });
    }
    if (input.personId && reception?.personId && input.personId !== reception.personId) {
      throw intakeErrors.error('referral.person-mismatch', {
        errors: [{ path: 'body.personId', message: 'Ce n’est pas la personne de cet accueil' }],
      });
    }
    const personId = input.personId ?? reception?.personId;
    const person = personId ? await repository.getPerson(personId) : undefined;
    if (personId && !person)
      throw intakeErrors.error('person.unknown', { errors: [{ path: 'body.personId', message: 'Personne inconnue' }] });
    // Only a person the caller may at least know of (policy `referral.send`).
    if (person) {
      authorize(
        'referral.send',
        actor,
        (await accessTo(deps, actor, person)).facts,
        intakeErrors.error('referral.person-unknown-to-sender'),
      );
    }
    if (input.fromSiteId) await requireOwnSite(deps, input.fromSiteId, organisationId, 'body.fromSiteId');
    const fromSiteId = input.fromSiteId ?? reception?.siteId ?? (await ownSiteOf(deps, actor, organisationId));

    const at = now.toISOString();
    const by = await referralActor(repository, actor);
    const referral: Referral = {
      id: newId(),
      status: 'sent',
      fromOrganisationId: organisationId,
      ...(fromSiteId ? { fromSiteId } : {}),
      toOrganisationId: to.organisationId,
      ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      ...(personId ? { personId } : {}),
      ...(input.receptionId ? { receptionId: input.receptionId } : {}),
      themes: input.themes,
      reason: input.reason,
      urgency: input.urgency,
      liaisonNote: input.liaisonNote,
      ...(input.offlineChannel ? { offlineChannel: input.offlineChannel } : {}),
      deliveries: [
        ...reach.filter((c) => c !== 'accounts').map((channel) => ({ channel, status: 'pending' as const, at })),
        ...(reach.includes('accounts') ? [{ channel: 'accounts' as const, status: 'delivered' as const, at }] : []),
        ...(input.offlineChannel ? [{ channel: input.offlineChannel, status: 'delivered' as const, at }] : []),
      ],
      senderContact: { name: by.name, ...(actor.email ? { email: actor.email } : {}) },
      sentAt: at,
      ...deadlines(now, delaysOf(deps)),
      history: [{ status: 'sent', at, by }],
      version: 1,
      updatedAt: at,
    };
    repository.saveReferral(uow, referral);
    repository.markAccounts(uow, organisationId, at);
    if (personId) {
      repository.recordReferredTo(uow, personId, to.organisationId, referral.id, at);
      repository.touchPerson(uow, personId, at);
      audit(uow, actor, { personId, action: 'create', route: 'POST /api/referrals', purpose: 'orientation' }, now);
    }
    emit(ReferralSent, {
      referralId: referral.id,
      fromOrganisationId: organisationId,
      ...(fromSiteId ? { fromSiteId } : {}),
      toOrganisationId: to.organisationId,
      ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      themes: referral.themes,
      urgency: referral.urgency,
      sentAt: at,
      expiresAt: referral.expiresAt,
      linkValidUntil: linkValidUntil(deps, now),
      ...(personId ? { personId } : {}),
      ...(input.receptionId ? { receptionId: input.receptionId } : {}),
    });
    const nameOf = await organisationNames(repository, [organisationId, to.organisationId]);
    return referralView(referral, nameOf, person);
  },
});

export function makeSendReferral(deps: IntakeUseCaseDeps) {
  const useCase = SendReferral(deps);
  return {
    execute: (input: CreateReferralInput, actor: Actor, ctx: WriteContext): Promise<ReferralView> => useCase.execute(input, actor, ctx),
  };
}

/** The caller's own site, when the directory says it is one of their organisation's. */
async function ownSiteOf(deps: IntakeDeps, actor: Actor, organisationId: string): Promise<string | undefined> {
  if (!actor.siteId) return undefined;
  const site = await deps.repository.getSite(actor.siteId);
  return site?.organisationId === organisationId ? site.siteId : undefined;
}

export interface ListReferralsQuery {
  box: 'incoming' | 'outgoing';
  status?: ReferralStatus;
  limit: number;
  cursor?: string;
}

/** The caller's organisation's boxes: referrals addressed to it (incoming) or sent by it (outgoing), newest first. */
export function makeListReferrals(deps: IntakeDeps) {
  const { repository } = deps;
  return {
    async execute(query: ListReferralsQuery, actor: Actor): Promise<Page<ReferralSummary>> {
      const organisationId = organisationOf(actor);
      const page = await repository.listReferrals({ box: query.box, organisationId, status: query.status }, query.limit, query.cursor);
      const nameOf = await organisationNames(
        repository,
        page.items.flatMap((r) => [r.fromOrganisationId, r.toOrganisationId]),
      );
      return { items: page.items.map((r) => referralSummary(r, nameOf)), nextCursor: page.nextCursor };
    },
  };
}

async function referralOfParty(deps: IntakeDeps, id: string, actor: Actor, consistent = false): Promise<Referral> {
  const organisationId = organisationOf(actor);
  const referral = await deps.repository.getReferral(id, consistent);
  if (!referral) throw intakeErrors.error('referral.not-found');
  authorize('referral.read', actor, referralFacts(referral, organisationId), intakeErrors.error('referral.read-forbidden'));
  return referral;
}

/**
 * Open a referral: its sender and its receiver read the note, the timeline and the person to
 * reach (an audited read of that person).
 */
export function makeGetReferral(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(id: string, actor: Actor, ctx: WriteContext): Promise<ReferralView> {
      const referral = await referralOfParty(deps, id, actor);
      const person = referral.personId ? await repository.getPerson(referral.personId) : undefined;
      if (person)
        audit(
          ctx.uow,
          actor,
          { personId: person.id, action: 'read', route: 'GET /api/referrals/{id}', purpose: 'orientation' },
          clock.now(),
        );
      const nameOf = await organisationNames(repository, [referral.fromOrganisationId, referral.toOrganisationId]);
      return referralView(referral, nameOf, person);
    },
  };
}

/** Until when a link signed now works: RELAIS_REFERRAL_LINK_DAYS (default 60); intake answers 410 once the referral ends. */
export function linkValidUntil(deps: IntakeDeps, now: Date): string {
  return new Date(now.getTime() + (deps.referralLinkDays ?? 60) * 86_400_000).toISOString();
}

/** The loop's delays of these deps (settings in production, defaults in twins). */
export function delaysOf(deps: IntakeDeps): ReferralDelays {
  return { ...DEFAULT_DELAYS, ...(deps.referralDelays ?? {}), expiryDays: deps.referralExpiryDays };
}

/** Move a referral and announce it, in the call's transaction (version-checked: a concurrent answer is a 409). */
function answer(
  { deps, uow, now, emit }: Pick<IntakeUseCaseContext<unknown>, 'deps' | 'uow' | 'now' | 'emit'>,
  referral: Referral,
  action: ReferralAction,
  by: ReferralActor,
  note: ActionNote,
): Referral {
  const next = applyAction(referral, action, by, now, note, delaysOf(deps));
  deps.repository.saveReferral(uow, next, referral.version);
  emit(ReferralStatusChanged, {
    referralId: next.id,
    fromOrganisationId: next.fromOrganisationId,
    toOrganisationId: next.toOrganisationId,
    status: next.status as 'in_review' | 'accepted' | 'declined' | 'closed' | 'withdrawn',
    previousStatus: referral.status as 'sent' | 'in_review' | 'accepted',
    at: now.toISOString(),
    byOrganisationId: by.organisationId,
    themes: next.themes,
    ...(action === 'decline' ? { reasonCode: note.reasonCode ?? 'autre' } : {}),
    ...(action === 'close' && note.outcome ? { outcome: note.outcome } : {}),
  });
  return next;
}

/** What each answer takes besides the referral's id. */
const ANSWER_INPUT = {
  review: ReviewReferralSchema.extend({ id: IdSchema }),
  accept: AcceptReferralSchema.extend({ id: IdSchema }),
  decline: DeclineReferralSchema.extend({ id: IdSchema }),
  close: CloseReferralSchema.extend({ id: IdSchema }),
  withdraw: WithdrawReferralSchema.extend({ id: IdSchema }),
} as const;

/**
 * Move a referral as one of its parties.
 * Primary course: an agent of the receiving organisation marks it in review, accepts it (with a
 * comment), declines it (with a category, and a comment) or, once accepted, closes it (with an
 * outcome code, and a comment); an agent of the sending organisation withdraws it while it is
 * pending (with the reason) → the step is appended to the history with who and when →
 * `ReferralStatusChanged` is announced with codes only (the other side sees every step) → a
 * referral about a person is audited. Another organisation gets 403; a move the status does not
 * allow, 409 naming `status`.
 */
export const AnswerReferral = (action: ReferralAction) =>
  defineUseCase({
    name: `intake.${action}Referral`,
    input: ANSWER_INPUT[action] as z.ZodType<ActionNote & { id: string }>,
    action: action === 'withdraw' ? 'referral.withdraw' : 'referral.respond',
    emits: [ReferralStatusChanged],
    async run(context: IntakeUseCaseContext<ActionNote & { id: string }>): Promise<ReferralView> {
      const { input, actor, uow, deps, now } = context;
      const { repository } = deps;
      const { id, ...note } = input;
      const referral = await referralOfParty(deps, id, actor, true);
      if (action === 'withdraw') {
        authorize(
          'referral.withdraw',
          actor,
          referralFacts(referral, actor.organisationId),
          intakeErrors.error('referral.withdraw-forbidden'),
        );
      } else {
        authorize(
          'referral.respond',
          actor,
          referralFacts(referral, actor.organisationId),
          intakeErrors.error('referral.respond-forbidden'),
        );
      }
      const by = await referralActor(repository, actor);
      const next = answer(context, referral, action, by, note);
      repository.markAccounts(uow, organisationOf(actor), now.toISOString());
      const person = next.personId ? await repository.getPerson(next.personId) : undefined;
      if (person) {
        audit(
          uow,
          actor,
          { personId: person.id, action: 'update', route: `POST /api/referrals/{id}/${action}`, purpose: 'orientation' },
          now,
        );
      }
      const nameOf = await organisationNames(repository, [next.fromOrganisationId, next.toOrganisationId]);
      return referralView(next, nameOf, person);
    },
  });

export function makeAnswerReferral(deps: IntakeUseCaseDeps, action: ReferralAction) {
  const useCase = AnswerReferral(action)(deps);
  return {
    execute: (id: string, note: ActionNote, actor: Actor, ctx: WriteContext): Promise<ReferralView> =>
      useCase.execute({ id, ...note }, actor, ctx),
  };
}

/**
 * The sender re-sends the signed link.
 * Primary course: an agent of the sending organisation asks while the referral still runs →
 * `ReferralLinkRequested` is announced (the notifications service sends the receiver a new link,
 * valid RELAIS_REFERRAL_LINK_DAYS) → a new pending delivery is recorded on the referral. Another
 * organisation gets 403; an ended referral, 409 naming `status`.
 */
export const ResendReferralLink = defineUseCase({
  name: 'intake.resendReferralLink',
  input: z.strictObject({ id: IdSchema }),
  action: 'referral.withdraw',
  emits: [ReferralLinkRequested],
  async run({ input, actor, uow, deps, now, emit }: IntakeUseCaseContext<{ id: string }>): Promise<ReferralView> {
    const { repository } = deps;
    const referral = await referralOfParty(deps, input.id, actor, true);
    authorize('referral.withdraw', actor, referralFacts(referral, actor.organisationId), intakeErrors.error('referral.withdraw-forbidden'));
    if (hasEnded(referral.status)) {
      throw intakeErrors.error('referral.link-of-ended', {
        params: { status: STATUS_LABEL[referral.status] },
        errors: [{ path: 'status', message: `Statut : ${STATUS_LABEL[referral.status]}` }],
      });
    }
    const at = now.toISOString();
    // The channels the new link goes on, each pending until the notifications service reports it (ADR 0034).
    const channels = channelsOf(await repository.getReach(referral.toOrganisationId)).filter((c) => c !== 'accounts');
    const next: Referral = {
      ...referral,
      deliveries: [
        ...(referral.deliveries ?? []),
        ...(channels.length > 0 ? channels : (['topic'] as const)).map((channel) => ({ channel, status: 'pending' as const, at })),
      ],
      version: referral.version + 1,
      updatedAt: at,
    };
    repository.saveReferral(uow, next, referral.version);
    emit(ReferralLinkRequested, {
      referralId: next.id,
      fromOrganisationId: next.fromOrganisationId,
      toOrganisationId: next.toOrganisationId,
      status: next.status as 'sent' | 'in_review' | 'accepted',
      expiresAt: next.expiresAt,
      linkValidUntil: linkValidUntil(deps, now),
      at,
    });
    const person = next.personId ? await repository.getPerson(next.personId) : undefined;
    const nameOf = await organisationNames(repository, [next.fromOrganisationId, next.toOrganisationId]);
    return referralView(next, nameOf, person);
  },
});

export function makeResendReferralLink(deps: IntakeUseCaseDeps) {
  const useCase = ResendReferralLink(deps);
  return { execute: (id: string, actor: Actor, ctx: WriteContext): Promise<ReferralView> => useCase.execute({ id }, actor, ctx) };
}

// Signed links ------------------------------------------------------------------------------

const invalidLink = () => intakeErrors.error('referral.invalid-link');

/** The actor a signed link stands for: the receiving organisation, without an account. */
function linkActor(referralId: string, organisationId: string): Actor {
  return { id: `link:${referralId}`, name: 'Lien signé', email: null, roles: [], organisationId, siteId: null };
}

async function referralOfLink(deps: IntakeDeps, token: string, consistent = false): Promise<{ referral: Referral; actor: Actor }> {
  const payload = verifyLink(token, REFERRAL_LINK_SCOPE, await deps.linkSecret(), deps.clock.now());
  if (!payload) throw invalidLink();
  const referral = await deps.repository.getReferral(payload.subject, consistent);
  // A link for a referral that is not (or no longer) addressed to its audience opens nothing.
  if (!referral || referral.toOrganisationId !== payload.audience) throw invalidLink();
  return { referral, actor: linkActor(referral.id, payload.audience) };
}

/**
 * The route handler's verification of a link, before it looks at an `Idempotency-Key`: a link
 * that no longer verifies never gets a stored answer back. The link is the caller.
 */
export function makeVerifyReferralLink(deps: IntakeDeps) {
  return {
    async execute(token: string): Promise<{ caller: string }> {
      const { actor } = await referralOfLink(deps, token);
      return { caller: actor.id };
    },
  };
}

export type LinkReferral = z.infer<typeof LinkReferralSchema>;

/** The sender's contact as the link shows it: the agent who sent it, the organisation and its site. */
async function senderOf(deps: IntakeDeps, referral: Referral, organisationName: string) {
  const site = referral.fromSiteId ? await deps.repository.getSite(referral.fromSiteId) : undefined;
  const contact = referral.senderContact ?? { name: referral.history[0]?.by.name ?? organisationName };
  return {
    name: contact.name,
    organisationName,
    ...(site?.name ? { siteName: site.name } : {}),
    // The sending site's public phone (the directory's, through SiteChanged): agents have none of their own here.
    ...(site?.phone ? { phone: site.phone } : {}),
    ...(contact.email ? { email: contact.email } : {}),
  };
}

/** A link used once the referral has ended: 410, saying whom to call. */
async function linkEnded(deps: IntakeDeps, referral: Referral) {
  const nameOf = await organisationNames(deps.repository, [referral.fromOrganisationId]);
  const sender = await senderOf(deps, referral, nameOf(referral.fromOrganisationId));
  const reach = [sender.name, sender.siteName, sender.phone ? formatPhone(sender.phone) : undefined, sender.email]
    .filter(Boolean)
    .join(', ');
  return intakeErrors.error('referral.link-ended', {
    params: { status: STATUS_LABEL[referral.status], organisation: sender.organisationName, contact: reach ? ` (${reach})` : '' },
    errors: [{ path: 'status', message: `Statut : ${STATUS_LABEL[referral.status]}` }],
  });
}

/**
 * What the link shows while the referral runs: the request, the liaison note, the person's names,
 * her phone and e-mail when she consented to network sharing (otherwise only the sender's
 * contact), the sender's name, site, site phone and e-mail, the timeline's statuses (no one's words)
 * and the appointments booked for the person (ADR 0039).
 */
async function linkView(deps: IntakeDeps, referral: Referral): Promise<LinkReferral> {
  const nameOf = await organisationNames(deps.repository, [referral.fromOrganisationId, referral.toOrganisationId]);
  const status = {
    id: referral.id,
    status: referral.status,
    fromOrganisationName: nameOf(referral.fromOrganisationId),
    toOrganisationName: nameOf(referral.toOrganisationId),
    sentAt: referral.sentAt,
    expiresAt: referral.expiresAt,
    updatedAt: referral.updatedAt,
  };
  if (!linkShowsDetails(referral.status)) return { ...status, details: false };
  const person = referral.personId ? await deps.repository.getPerson(referral.personId) : undefined;
  const shared = person?.consents.networkSharing.given === true;
  return {
    ...status,
    details: true,
    themes: referral.themes,
    reason: referral.reason,
    urgency: referral.urgency,
    liaisonNote: referral.liaisonNote,
    ...(person
      ? {
          person: {
            lastName: person.lastName,
            firstName: person.firstName,
            ...(shared && person.phone ? { phone: person.phone } : {}),
            ...(shared && person.email ? { email: person.email } : {}),
          },
          personContactShared: shared,
        }
      : {}),
    sender: await senderOf(deps, referral, nameOf(referral.fromOrganisationId)),
    history: referral.history.map((h) => ({
      status: h.status,
      at: h.at,
      ...(h.status === 'closed' && h.outcome ? { outcome: h.outcome } : {}),
    })),
    ...(referral.appointments?.length ? { appointments: referral.appointments } : {}),
  };
}

/**
 * A partner without an account opens the link of its notification.
 * Primary course: the token is checked (signature, scope, expiry, audience) → while the referral
 * runs (sent, in review, accepted), the request, the liaison note and whom to contact are shown
 * and the read is audited in the name of the link (its organisation). Alternative: the referral
 * has ended (declined, closed, expired, withdrawn) → 410 saying whom to call, nothing about the
 * person, nothing audited. A tampered or expired link is a 401 that does not say why.
 */
export function makeReadReferralLink(deps: IntakeDeps) {
  return {
    async execute(token: string, _ctx: WriteContext): Promise<LinkReferral> {
      const { referral, actor } = await referralOfLink(deps, token);
      if (!linkShowsDetails(referral.status)) throw await linkEnded(deps, referral);
      if (referral.personId) {
        await deps.repository.auditReads(
          actor,
          [referral.personId],
          { route: 'GET /api/referral-links/{token}', purpose: 'orientation' },
          deps.clock.now(),
        );
      }
      return linkView(deps, referral);
    },
  };
}

const withToken = <T extends z.ZodObject>(schema: T) => schema.extend({ token: LinkParamsSchema.shape.token });
const LINK_ANSWER_INPUT = {
  review: withToken(ReviewReferralSchema),
  accept: withToken(AcceptReferralSchema),
  decline: withToken(DeclineReferralSchema),
  close: withToken(CloseReferralSchema),
} as const;

/**
 * The partner moves the referral through the link, as its organisation: review, accept, decline
 * (with a category), close (with an outcome). A referral that has ended answers 410.
 */
export const AnswerReferralLink = (action: ReceiverAction) =>
  defineUseCase({
    name: `intake.${action}ReferralLink`,
    input: LINK_ANSWER_INPUT[action] as unknown as z.ZodType<ActionNote & { token: string }>,
    // The link is the caller: checked by `referralOfLink`, not by an account's roles.
    actor: 'none',
    emits: [ReferralStatusChanged],
    async run(context: IntakeUseCaseContext<ActionNote & { token: string }, Actor | null>): Promise<LinkReferral> {
      const { input, uow, deps, now } = context;
      const { token, ...note } = input;
      const { referral, actor } = await referralOfLink(deps, token, true);
      if (hasEnded(referral.status)) throw await linkEnded(deps, referral);
      const organisationName = (await organisationNames(deps.repository, [referral.toOrganisationId]))(referral.toOrganisationId);
      const by: ReferralActor = {
        userId: null,
        name: 'Réponse par lien signé',
        organisationId: referral.toOrganisationId,
        organisationName,
        via: 'link',
      };
      const next = answer(context, referral, action, by, note);
      if (next.personId) {
        audit(
          uow,
          actor,
          { personId: next.personId, action: 'update', route: `POST /api/referral-links/{token}/${action}`, purpose: 'orientation' },
          now,
        );
      }
      return linkView(deps, next);
    },
  });

export function makeAnswerReferralLink(deps: IntakeUseCaseDeps, action: ReceiverAction) {
  const useCase = AnswerReferralLink(action)(deps);
  return {
    execute: (token: string, note: ActionNote, ctx: WriteContext): Promise<LinkReferral> => useCase.execute({ token, ...note }, null, ctx),
  };
}

// Deadlines ---------------------------------------------------------------------------------

export interface DeadlineOutcome {
  reminded: number;
  expired: number;
}

/** Referrals looked at per query of the `due` index. */
const DUE_BATCH = 100;

/**
 * Remind and expire referrals that wait (the schedule, every 15 minutes).
 * Primary course: the sparse `due` index lists the referrals pending (`sent`, `in_review`) or
 * accepted and not closed whose next deadline has passed → on the reminder day
 * (RELAIS_REFERRAL_REMINDER_DAY, or RELAIS_REFERRAL_ACCEPTED_REMINDER_DAY after an acceptance),
 * `ReferralReminderDue` is announced once → past the delay (RELAIS_REFERRAL_EXPIRY_DAYS, or
 * RELAIS_REFERRAL_ACCEPTED_EXPIRY_DAYS after an acceptance), the referral becomes `expired`
 * (reminding first if that was missed) and `ReferralStatusChanged` is announced. Each referral
 * moves in its own version-checked transaction: one answered meanwhile is left as it is.
 */
const NoInput = z.strictObject({});

export const ProcessReferralDeadlines = defineUseCase({
  name: 'intake.referralDeadlines',
  input: NoInput,
  actor: 'none',
  emits: [ReferralReminderDue, ReferralStatusChanged],
  async run({ deps, now, emit, openUnitOfWork }: IntakeUseCaseContext<z.output<typeof NoInput>, Actor | null>): Promise<DeadlineOutcome> {
    const { repository } = deps;
    const at = now.toISOString();
    const outcome: DeadlineOutcome = { reminded: 0, expired: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await repository.dueReferrals(at, DUE_BATCH)).filter((r) => !seen.has(r.id));
      if (due.length === 0) break;
      for (const listed of due) {
        seen.add(listed.id);
        const referral = await repository.getReferral(listed.id, true);
        if (!referral) continue;
        const steps = deadlineSteps(referral, now);
        if (!steps.remind && !steps.expire) continue;
        const uow = openUnitOfWork();
        let next = referral;
        if (steps.remind) {
          next = markReminded(next, now);
          emit(
            ReferralReminderDue,
            {
              referralId: next.id,
              fromOrganisationId: next.fromOrganisationId,
              toOrganisationId: next.toOrganisationId,
              expiresAt: next.expiresAt,
              linkValidUntil: linkValidUntil(deps, now),
              status: next.status as 'sent' | 'in_review' | 'accepted',
            },
            uow,
          );
        }
        if (steps.expire) {
          next = { ...expire(next, now), version: referral.version + 1 };
          emit(
            ReferralStatusChanged,
            {
              referralId: next.id,
              fromOrganisationId: next.fromOrganisationId,
              toOrganisationId: next.toOrganisationId,
              status: 'expired',
              previousStatus: referral.status as 'sent' | 'in_review' | 'accepted',
              at,
              byOrganisationId: null,
              themes: next.themes,
            },
            uow,
          );
        }
        repository.saveReferral(uow, { ...next, version: referral.version + 1 }, referral.version);
        try {
          await uow.commit();
        } catch (error) {
          if (error instanceof ConflictError) continue; // answered meanwhile: nothing to do
          throw error;
        }
        if (steps.remind) outcome.reminded++;
        if (steps.expire) outcome.expired++;
      }
    }
    return outcome;
  },
});

export function makeProcessReferralDeadlines(deps: IntakeUseCaseDeps) {
  const useCase = ProcessReferralDeadlines(deps);
  return { execute: (): Promise<DeadlineOutcome> => useCase.execute({}, null) };
}
