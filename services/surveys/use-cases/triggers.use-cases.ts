import * as z from 'zod';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { OrganisationChanged, SiteChanged } from '../../directory/events/directory.events';
import { PersonConsentsChanged, ReceptionRecorded } from '../../intake/events/intake.events';
import { defineEvent } from '../../../shared/events/envelope';
import { isE164, normaliseE164, phoneHash } from '../domain/phone-hash';
import { surveySendTime } from '../domain/send-time';
import { SURVEY_INTERVAL_DAYS, type Survey, type SurveyTrigger } from '../domain/survey';
import type { SurveysCoreDeps } from '../domain/surveys.ports';

/**
 * What surveys reads of the parcours' contract (contracts.md), defined here so that surveys
 * does not depend on the parcours service's code: unknown fields are ignored.
 */
export const ParcoursClosedFields = defineEvent(
  'relais.parcours',
  'ParcoursClosed',
  z.object({ parcoursId: z.string(), personId: z.string(), referentOrganisationId: z.string(), closedAt: z.string() }),
);

/** Intake may publish it one day (retention): drop what is held for the person. */
export const PersonErasedFields = defineEvent('relais.intake', 'PersonErased', z.object({ personId: z.string(), at: z.string() }));

export type TriggerOutcome = 'scheduled' | 'opted_out' | 'too_soon' | 'no_phone' | 'applied' | 'stale' | 'ignored';

/**
 * Rule 7: a reception of a person who agreed to SMS surveys, or the closing of her parcours,
 * triggers a survey.
 * Primary course: the event names a person with a number (reception) or a person whose number
 * surveys learnt from an earlier reception (parcours) → the number is not opted out and had no
 * survey in the last 14 days → the survey is stored with its sending time (delay, then the next
 * allowed time) and the schedule sends it then.
 * Also keeps the copies it needs: the person's number while she consents, the directory's names.
 */
export function makeApplyEvent(deps: SurveysCoreDeps) {
  const { repository, clock, newId } = deps;

  async function schedule(
    uow: UnitOfWork,
    input: { phone: string; personId?: string; organisationId: string; siteId?: string; trigger: SurveyTrigger; at: Date },
  ): Promise<TriggerOutcome> {
    const hash = phoneHash(input.phone, await deps.phoneSecret());
    if (await repository.isOptedOut(hash)) return 'opted_out';
    const now = clock.now();
    const intervalStart = new Date(now.getTime() - SURVEY_INTERVAL_DAYS * 24 * 3600_000).toISOString();
    const last = await repository.lastSurveyOf(hash);
    if (last && last.at >= intervalStart) return 'too_soon';
    const site = input.siteId ? await repository.getSite(input.siteId) : undefined;
    const organisation = await repository.getOrganisation(input.organisationId);
    const rules = deps.rules();
    // The delay runs from the event, but a late event is not sent in the past.
    const from = input.at.getTime() > now.getTime() ? input.at : now;
    const survey: Survey = {
      id: newId(),
      organisationId: input.organisationId,
      ...(input.siteId ? { siteId: input.siteId } : {}),
      trigger: input.trigger,
      ...(input.personId ? { personId: input.personId } : {}),
      status: 'scheduled',
      createdAt: now.toISOString(),
      sendAt: surveySendTime(from, rules.delayMinutes, rules).toISOString(),
      phoneHash: hash,
      phone: input.phone,
      placeName: site?.name ?? organisation?.name ?? '',
    };
    repository.createSurvey(uow, survey, intervalStart);
    return 'scheduled';
  }

  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<TriggerOutcome> {
      switch (event.detailType) {
        case ReceptionRecorded.detailType: {
          const { data } = ReceptionRecorded.parse(event.detail);
          const phone = data.phone ? normaliseE164(data.phone) : undefined;
          if (!data.smsSurveysConsent || !phone || !isE164(phone)) {
            // No consent (any more): forget the number surveys may hold for this person.
            if (data.personId && !data.smsSurveysConsent) repository.deleteContact(uow, data.personId);
            return 'no_phone';
          }
          if (data.personId) {
            repository.saveContact(
              uow,
              { personId: data.personId, phone, phoneHash: phoneHash(phone, await deps.phoneSecret()) },
              clock.now(),
            );
          }
          return schedule(uow, {
            phone,
            personId: data.personId,
            organisationId: data.organisationId,
            siteId: data.siteId,
            trigger: 'reception',
            at: new Date(data.receivedAt),
          });
        }
        case ParcoursClosedFields.detailType: {
          const { data } = ParcoursClosedFields.parse(event.detail);
          const contact = await repository.getContact(data.personId);
          if (!contact) return 'no_phone';
          return schedule(uow, {
            phone: contact.phone,
            personId: data.personId,
            organisationId: data.referentOrganisationId,
            trigger: 'parcours',
            at: new Date(data.closedAt),
          });
        }
        case PersonConsentsChanged.detailType: {
          const { data } = PersonConsentsChanged.parse(event.detail);
          if (data.smsSurveys) return 'ignored';
          repository.deleteContact(uow, data.personId);
          return 'applied';
        }
        case PersonErasedFields.detailType: {
          const { data } = PersonErasedFields.parse(event.detail);
          repository.deleteContact(uow, data.personId);
          for (const id of await repository.surveyIdsOfPerson(data.personId)) repository.forgetPersonSurvey(uow, data.personId, id);
          return 'applied';
        }
        case OrganisationChanged.detailType: {
          const { data } = OrganisationChanged.parse(event.detail);
          const current = await repository.getOrganisation(data.organisationId);
          if (current && current.version >= data.version) return 'stale';
          repository.saveOrganisation(uow, {
            id: data.organisationId,
            ...(data.name ? { name: data.name } : {}),
            networkMember: data.networkMember,
            version: data.version,
          });
          return 'applied';
        }
        case SiteChanged.detailType: {
          const { data } = SiteChanged.parse(event.detail);
          const current = await repository.getSite(data.siteId);
          if (current && current.version >= data.version) return 'stale';
          const name = data.name;
          repository.saveSite(uow, {
            id: data.siteId,
            organisationId: data.organisationId,
            ...(name ? { name } : {}),
            version: data.version,
          });
          return 'applied';
        }
        default:
          return 'ignored';
      }
    },
  };
}
