import { DynamoIdentityLinkStore } from '../store/identity-link.store';
import { table } from '../store/intake.repository';
import type { IdentityLinkDeps } from '../use-cases/identity-link.use-cases';
import { intakeDeps } from './deps';

/** Production wiring of the FranceConnect identity link (ADR 0036). */
export const identityLinkDeps: IdentityLinkDeps = Object.assign(Object.create(intakeDeps) as typeof intakeDeps, {
  identityLinks: new DynamoIdentityLinkStore(table),
});
