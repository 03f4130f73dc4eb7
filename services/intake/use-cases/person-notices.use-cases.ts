import { type UnitOfWork, UnitOfWork as DynamoUnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { EventContext } from '../../../shared/events/envelope';
import { AppError } from '../../../shared/errors/errors';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { createLogger } from '../../../shared/observability/logger';
import { parisMonth } from '../../../shared/sms/month';
import { type QuietRules, nextAllowedTime } from '../../../shared/sms/send-time';
import type { Clock, IntakeRepository, SiteProjection } from '../domain/intake.ports';
import type { Person } from '../domain/person.schema';
import type { Referral } from '../domain/referral.rules';
import { PersonNoticeRequested } from '../events/intake.events';
import type { PendingPersonNotice, PersonNoticeStore, ReferralNoticeKind } from '../store/person-notices.store';

const logger = createLogger('intake');

export interface PersonNoticeDeps {
  repository: IntakeRepository;
  store: PersonNoticeStore;
  clock: Clock;
  /** The SMS quiet hours and days of every SMS to a person (the surveys' settings) and this service's monthly budget. */
  rules(): QuietRules & { monthlyBudget: number };
  /** Counts a notice not sent because the month's budget is spent (the alarm). */
  overBudget(): void;
  newUnitOfWork?: () => UnitOfWork;
}

export interface PersonNoticeRequest {
  referralId: string;
  kind: ReferralNoticeKind;
  reasonCode?: string;
  outcome?: string;
}

export type PersonNoticeOutcome = 'sent' | 'queued' | 'nobody' | 'over-budget';

/** Her own address: her phone (SMS), else her e-mail; nothing when she has none or refused to be written to. */
export function personAddress(person: Person | undefined): { channel: 'sms' | 'email'; address: string } | undefined {
  if (!person || person.contactRefused) return undefined;
  if (person.phone) return { channel: 'sms', address: person.phone };
  if (person.email) return { channel: 'email', address: person.email };
  return undefined;
}

/**
 * The place she is expected at: the site of the service she was referred to; else the
 * organisation's only site; else its site in her commune. Several sites and none of these: no
 * address (the message says her reception point will give the details) rather than a wrong one.
 */
export async function placeOf(
  deps: Pick<PersonNoticeDeps, 'repository' | 'store'>,
  referral: Referral,
  person: Person,
): Promise<SiteProjection | undefined> {
  if (referral.serviceId) {
    const service = await deps.repository.getService(referral.serviceId);
    const site = service?.siteId ? await deps.repository.getSite(service.siteId) : undefined;
    if (site) return site;
  }
  const sites = await deps.store.sitesOfOrganisation(referral.toOrganisationId);
  if (sites.length === 1) return sites[0];
  const inHerCommune = person.communeCode ? sites.filter((s) => s.communeCode === person.communeCode) : [];
  return inHerCommune.length === 1 ? inHerCommune[0] : undefined;
}

/** A write that lost to another run or a concurrent count (never shown to anyone: tried again). */
const raced = () => kernelErrors.error('concurrent-write');

/**
 * The person is told of her referral (issue 14, point 4; ADR 0033).
 *
 * `ask` — a referral was sent, declined or closed (intake's own events): when she has a phone or
 * an e-mail and did not refuse, the notice goes now if the SMS quiet hours allow, else it waits
 * in intake's table (ids and codes only) until they end. `flush` — the schedule's run: each
 * waiting notice due by now is removed (on the condition it is still there) and delivered.
 * `deliver` reads everything again (she may have refused or lost her phone since), counts the
 * month's budget (beyond: not sent, counted, logged; the referral is untouched) and publishes
 * `PersonNoticeRequested` with her address, for the notifications service to send.
 */
export function makePersonNotices(deps: PersonNoticeDeps) {
  const { repository, store, clock } = deps;

  async function deliver(uow: UnitOfWork, request: PersonNoticeRequest, now: Date, trace?: EventContext): Promise<PersonNoticeOutcome> {
    const referral = await repository.getReferral(request.referralId, true);
    const person = referral?.personId ? await repository.getPerson(referral.personId) : undefined;
    const to = personAddress(person);
    if (!referral || !person || !to) return 'nobody';
    const month = parisMonth(now);
    const sent = await store.sentIn(month);
    if (sent >= deps.rules().monthlyBudget) {
      deps.overBudget();
      logger.warn('Budget SMS du mois atteint : la personne n’est pas prévenue de son orientation', { month, kind: request.kind });
      return 'over-budget';
    }
    store.setSentIn(uow, month, sent + 1, sent, raced);
    const organisation = await repository.getOrganisation(referral.toOrganisationId);
    const site = request.kind === 'referral.sent' ? await placeOf(deps, referral, person) : undefined;
    repository.publish(
      uow,
      PersonNoticeRequested.create(
        {
          kind: request.kind,
          ...to,
          referral: {
            referralId: referral.id,
            organisationName: organisation?.name ?? 'la structure',
            ...(organisation?.name && organisation.article !== undefined ? { organisationArticle: organisation.article } : {}),
            ...(site
              ? {
                  site: {
                    ...(site.address ? { address: site.address } : {}),
                    ...(site.postalCode ? { postalCode: site.postalCode } : {}),
                    ...(site.phone ? { phone: site.phone } : {}),
                    ...(site.openingHours ? { openingHours: site.openingHours } : {}),
                  },
                }
              : {}),
            ...(request.reasonCode ? { reasonCode: request.reasonCode } : {}),
            ...(request.outcome ? { outcome: request.outcome as 'service_delivered' } : {}),
          },
        },
        { ...trace, now },
      ),
    );
    return 'sent';
  }

  return {
    /** In the consumer's transaction (exactly once per event, with its "already processed" marker). */
    async ask(uow: UnitOfWork, request: PersonNoticeRequest, trace?: EventContext): Promise<PersonNoticeOutcome> {
      const now = clock.now();
      const referral = await repository.getReferral(request.referralId, true);
      const person = referral?.personId ? await repository.getPerson(referral.personId) : undefined;
      if (!personAddress(person)) return 'nobody';
      const dueAt = nextAllowedTime(now, deps.rules());
      if (dueAt.getTime() > now.getTime()) {
        store.queue(uow, { ...request, dueAt: dueAt.toISOString() });
        return 'queued';
      }
      return deliver(uow, request, now, trace);
    },

    /** The schedule's run: the waiting notices due by now, each in its own transaction. */
    async flush(limit = 100): Promise<Record<PersonNoticeOutcome | 'raced', number>> {
      const now = clock.now();
      const outcome = { sent: 0, queued: 0, nobody: 0, 'over-budget': 0, raced: 0 };
      // Still in the quiet hours (a notice due at their end, a clock a little early): next run.
      if (nextAllowedTime(now, deps.rules()).getTime() > now.getTime()) return outcome;
      for (const notice of await store.due(now.toISOString(), limit)) {
        const uow = deps.newUnitOfWork?.() ?? new DynamoUnitOfWork();
        store.remove(uow, notice as PendingPersonNotice, raced);
        const result = await deliver(uow, notice, now);
        try {
          await uow.commit();
          outcome[result]++;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcome.raced++;
        }
      }
      return outcome;
    },
  };
}
