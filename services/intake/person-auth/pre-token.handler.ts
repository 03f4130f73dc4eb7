import { tableName } from '../../../shared/config/settings';
import { DynamoIdentityLinkStore } from '../store/identity-link.store';
import { type PreTokenEvent, preTokenGeneration } from './pre-token';

/**
 * The persons' pool's *Pre token generation* trigger (stateful stack, ADR 0040): Cognito calls it
 * before each ID token, and reads the claims it sets. Its only right is one GetItem of intake's
 * table on the `FC#…` index entries. It logs nothing about her (a `sub` is an identifier).
 */
const links = new DynamoIdentityLinkStore(() => tableName('intake', 'main'));

export async function preTokenGenerationHandler(event: PreTokenEvent): Promise<PreTokenEvent> {
  return preTokenGeneration(event, (sub) => links.personOf(sub));
}
