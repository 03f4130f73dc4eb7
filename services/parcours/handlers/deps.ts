import { type AccountDirectory, CognitoAccountDirectory, StaticAccountDirectory } from '../../../shared/auth/accounts';
import { settings } from '../../../shared/config/settings';
import { newId } from '../../../shared/validation/common.schema';
import { DEMO_USERS } from '../../directory/demo/lot-demo';
import type { ParcoursDeps } from '../domain/parcours.ports';
import { DynamoParcoursRepository } from '../store/parcours.repository';

/** Cognito on AWS (its pool id is required: a function without it stops at cold start); the demo users locally. */
function accounts(): AccountDirectory {
  if (settings().RELAIS_MODE !== 'aws') {
    return new StaticAccountDirectory(DEMO_USERS.map((u) => ({ userId: u.sub, organisationId: u.organisationId, roles: [u.role] })));
  }
  const pool = process.env.RELAIS_USER_POOL_ID;
  if (!pool) throw new Error('Configuration invalide : RELAIS_USER_POOL_ID manquant (manifest needs.accounts)');
  return new CognitoAccountDirectory(pool);
}

/** Production wiring, built once per process (module scope). */
export const parcoursDeps: ParcoursDeps = {
  repository: new DynamoParcoursRepository(),
  accounts: accounts(),
  clock: { now: () => new Date() },
  newId,
};
