import { newId } from '../../../shared/validation/common.schema';
import type { ParcoursDeps } from '../domain/parcours.ports';
import { DynamoParcoursRepository } from '../store/parcours.repository';

/**
 * Production wiring, built once per process (module scope). Without the user accounts: only
 * adding a member checks one, and its function takes `member.deps.ts` (docs/adr/0053).
 */
export const parcoursDeps: ParcoursDeps = {
  repository: new DynamoParcoursRepository(),
  clock: { now: () => new Date() },
  newId,
};
