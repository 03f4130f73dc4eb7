/**
 * « Person data » (issue 15 point 5, ADR 0037): the one contract through which every service that
 * holds data about a person gives it, so that her space and her export ask every service the same
 * way and a new service cannot forget her. A service whose manifest has a table with
 * `holdsPersonData: true` must declare `personData: { handler }` (services/person-data.unit.test.ts).
 *
 * Two purposes: `view` — what she may see in « Mon espace » (professionals' notes not marked
 * visible to her are left out); `export` — everything the service holds about her (right of access
 * and portability, RGPD articles 15 and 20).
 */
export const PERSON_DATA_PURPOSES = ['view', 'export'] as const;
export type PersonDataPurpose = (typeof PERSON_DATA_PURPOSES)[number];

export interface PersonDataRequest {
  personId: string;
  purpose: PersonDataPurpose;
}

/** What a service answers: its name and, per kind of record, the items (plain JSON). */
export interface PersonDataAnswer {
  service: string;
  sections: Record<string, unknown[]>;
}

/**
 * On AWS (ADR 0040): the collector's functions receive each service's person-data function name
 * here, as JSON `{ "<service>": "<function name>" }` (infra/service-stack.ts).
 */
export const PERSON_DATA_FUNCTIONS_ENV = 'RELAIS_PERSON_DATA_FUNCTIONS';

/** The function a service's `personData.handler` file exports as `handler`. */
export type PersonDataHandler = (request: PersonDataRequest) => Promise<PersonDataAnswer>;

/** Define a service's person-data function (keeps the service name and the purposes in one place). */
export function definePersonData(
  service: string,
  give: (personId: string, purpose: PersonDataPurpose) => Promise<Record<string, unknown[]>>,
): PersonDataHandler {
  return async (request) => {
    if (!(PERSON_DATA_PURPOSES as readonly string[]).includes(request.purpose)) throw new Error(`${service}: unknown purpose`);
    return { service, sections: await give(request.personId, request.purpose) };
  };
}
