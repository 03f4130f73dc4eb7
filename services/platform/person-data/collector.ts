import { join } from 'node:path';
import type { PersonDataAnswer, PersonDataHandler, PersonDataPurpose } from '../../../shared/person-data/contract';
import type { ServiceManifest } from '../../../shared/manifest/manifest';

/** One service's person-data function, as the collector calls it. */
export interface PersonDataSource {
  service: string;
  give: PersonDataHandler;
}

const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The sources of the local stack (ADR 0037): every service whose manifest declares `personData`,
 * its function loaded in process from the file the manifest names. Loaded on first use, then kept.
 */
export function localSources(services: readonly ServiceManifest[]): PersonDataSource[] {
  return services.flatMap((s) => {
    const decl = s.personData;
    if (!decl) return [];
    let loaded: PersonDataHandler | undefined;
    const give: PersonDataHandler = (request) => {
      loaded ??= (require(join(REPO_ROOT, decl.handler)) as { handler: PersonDataHandler }).handler;
      return loaded(request);
    };
    return [{ service: s.name, give }];
  });
}

/** Every service's answer for one person and one purpose, by service name. */
export type CollectedPersonData = Record<string, Record<string, unknown[]>>;

/**
 * Ask every service for a person's data (ADR 0037). All of them answer, or the whole request
 * fails: a file or an export with a service missing would look complete and not be.
 */
export async function collectPersonData(
  sources: readonly PersonDataSource[],
  personId: string,
  purpose: PersonDataPurpose,
): Promise<CollectedPersonData> {
  const answers: PersonDataAnswer[] = await Promise.all(sources.map((s) => s.give({ personId, purpose })));
  return Object.fromEntries(answers.map((a) => [a.service, a.sections]));
}

/** The items of one section of one service (none when the service holds nothing of that kind). */
export function sectionOf<T = Record<string, unknown>>(data: CollectedPersonData, service: string, section: string): T[] {
  return (data[service]?.[section] ?? []) as T[];
}
