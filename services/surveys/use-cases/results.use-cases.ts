import { type Actor, hasRole } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import { aggregateResults } from '../domain/results';
import { parisTime } from '../../../shared/sms/send-time';
import type { ResultsQuery } from '../domain/surveys.schema';
import type { SurveysDeps } from '../domain/surveys.ports';
import { surveysErrors } from '../errors';

/**
 * Who sees which results (SECURITY.md, « read indicators, exports »): the coordinator (`pilote`)
 * and admins every organisation's; a partner its own organisation's only (another's: 403);
 * reception agents and social workers none.
 */
export function resultsOrganisation(actor: Actor, requested: string | undefined): string {
  const target = hasRole(actor, 'pilote', 'admin') ? requested : (requested ?? actor.organisationId ?? undefined);
  authorize(
    'surveys.results',
    actor,
    { ownOrganisation: actor.organisationId !== null && target === actor.organisationId },
    surveysErrors.error('results.other-organisation'),
  );
  if (!target) {
    throw surveysErrors.error('results.organisation-missing', {
      errors: [{ path: 'query.organisationId', message: 'Choisissez une structure' }],
    });
  }
  return target;
}

const dateParts = (d: string) => d.split('-').map(Number) as [number, number, number];

function parisDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * Results of an organisation (a site of it, optionally) over a period of sending dates (Paris
 * days, the last twelve months by default): sent, answered, response rate, average, distribution,
 * monthly trend and comments.
 */
export function makeSurveyResults(deps: Pick<SurveysDeps, 'repository' | 'clock'>) {
  const { repository, clock } = deps;
  return {
    async execute(query: ResultsQuery, actor: Actor) {
      const organisationId = resultsOrganisation(actor, query.organisationId);
      const now = clock.now();
      const to = query.to ?? parisDay(now);
      const from = query.from ?? parisDay(new Date(now.getTime() - 365 * 24 * 3600_000));
      // One bound given, the other by default: they may still cross (a `from` in the future).
      if (from > to) {
        throw surveysErrors.error('results.period-reversed', {
          errors: [{ path: query.from ? 'query.from' : 'query.to', message: 'La date de début doit précéder la date de fin' }],
        });
      }
      const [fy, fm, fd] = dateParts(from);
      const [ty, tm, td] = dateParts(to);
      const fromIso = parisTime(fy, fm, fd, 0).toISOString();
      const toIso = new Date(parisTime(ty, tm, td + 1, 0).getTime() - 1).toISOString();
      const all = await repository.sentSurveys(organisationId, fromIso, toIso);
      const surveys = query.siteId ? all.filter((s) => s.siteId === query.siteId) : all;
      const organisation = await repository.getOrganisation(organisationId);
      const siteIds = [...new Set(all.map((s) => s.siteId).filter((s): s is string => Boolean(s)))];
      const sites = await Promise.all(
        siteIds.map(async (siteId) => ({ siteId, name: (await repository.getSite(siteId))?.name ?? siteId })),
      );
      return {
        organisationId,
        ...(organisation?.name ? { organisationName: organisation.name } : {}),
        ...(query.siteId ? { siteId: query.siteId } : {}),
        from,
        to,
        ...aggregateResults(surveys),
        sites: sites.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
      };
    },
  };
}

/** The organisations that measure satisfaction (at least one survey sent), for the coordinator and the indicator. */
export function makeMeasuringOrganisations(deps: Pick<SurveysDeps, 'repository'>) {
  return {
    async execute() {
      const items = await deps.repository.measuringOrganisations();
      const named = await Promise.all(
        items.map(async (i) => {
          const org = await deps.repository.getOrganisation(i.organisationId);
          return {
            ...i,
            ...(org?.name ? { name: org.name } : {}),
            ...(org?.networkMember !== undefined ? { networkMember: org.networkMember } : {}),
          };
        }),
      );
      return { items: named.sort((a, b) => (a.name ?? a.organisationId).localeCompare(b.name ?? b.organisationId, 'fr')) };
    },
  };
}
