import { newId } from '../../../shared/validation/common.schema';
import type { ParcoursDeps } from '../domain/parcours.ports';
import { DynamoParcoursRepository } from '../store/parcours.repository';

/** Production wiring, built once per process (module scope). */
export const parcoursDeps: ParcoursDeps = {
  repository: new DynamoParcoursRepository(),
  clock: { now: () => new Date() },
  newId,
};
