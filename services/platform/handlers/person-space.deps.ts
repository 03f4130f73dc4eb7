import { SERVICES } from '../../index';
import { localSources } from '../person-data/collector';
import type { PersonSpaceDeps } from '../use-cases/person-space.use-cases';

/**
 * The collector's sources (ADR 0037): in the local stack, each service's person-data function in
 * process. The routes that use them are local-only until the collector can invoke each service's
 * function on AWS (see the ADR).
 */
export const personSpaceDeps: PersonSpaceDeps = {
  sources: localSources(SERVICES),
  clock: { now: () => new Date() },
};
