import { join } from 'node:path';
import { type AccountDirectory, StaticAccountDirectory } from '../../../shared/auth/accounts';
import { CognitoAccountDirectory } from '../../../shared/auth/cognito-accounts';
import { settings } from '../../../shared/config/settings';
import type * as LotDemo from '../../directory/demo/lot-demo';
import type { ParcoursMemberDeps } from '../domain/parcours.ports';
import { parcoursDeps } from './deps';

/**
 * The wiring of adding a member, the one parcours route that checks a user account: the
 * service's dependencies and the accounts. Its own module, so that Cognito's client is bundled
 * in that function alone (docs/adr/0053).
 */

/**
 * The Lot demo, required by a path esbuild does not follow: it is read only in the local stack
 * (which runs the TypeScript sources), so the AWS bundles do not carry it (34 KB, docs/adr/0047).
 */
const LOT_DEMO = join(__dirname, '..', '..', 'directory', 'demo', 'lot-demo');

/** Cognito on AWS (its pool id is required: a function without it stops at cold start); the demo users locally. */
function accounts(): AccountDirectory {
  if (settings().RELAIS_MODE !== 'aws') {
    const { DEMO_USERS } = require(LOT_DEMO) as typeof LotDemo;
    return new StaticAccountDirectory(DEMO_USERS.map((u) => ({ userId: u.sub, organisationId: u.organisationId, roles: [u.role] })));
  }
  const pool = process.env.RELAIS_USER_POOL_ID;
  if (!pool) throw new Error('Configuration invalide : RELAIS_USER_POOL_ID manquant (route addMember, reads: accounts)');
  return new CognitoAccountDirectory(pool);
}

/** Built once per process (module scope). */
export const parcoursMemberDeps: ParcoursMemberDeps = { ...parcoursDeps, accounts: accounts() };
