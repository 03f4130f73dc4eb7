import * as z from 'zod';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import type { ParcoursDeps } from '../domain/parcours.ports';

/** `PersonErased` as contracts.md announces it (intake does not publish it yet). */
const PersonErasedSchema = z.object({ personId: z.string().min(1), at: z.string() });

/**
 * Erase a person's parcours.
 * Primary course: intake erases a person (retention, DOMAIN rule 6) and announces
 * `PersonErased` → every parcours of that person is deleted with its meetings, journal and
 * access entries. The indicators already hold the anonymous counts. Running it again finds
 * nothing left to delete.
 */
export function makeErasePersonParcours(deps: Pick<ParcoursDeps, 'repository'>) {
  const { repository } = deps;
  return {
    async execute(event: ReceivedEvent): Promise<{ parcours: number; items: number }> {
      if (event.detailType !== 'PersonErased') return { parcours: 0, items: 0 };
      const { personId } = PersonErasedSchema.parse(event.detail.data);
      const ids = await repository.parcoursOfPerson(personId);
      let items = 0;
      for (const id of ids) items += await repository.eraseParcours(id);
      await repository.deletePersonFacts(personId);
      return { parcours: ids.length, items };
    },
  };
}
