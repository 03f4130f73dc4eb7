import { settings } from '../../../shared/config/settings';
import { CognitoStaffAccounts } from '../accounts/cognito-staff-accounts';
import { LocalStaffAccounts } from '../accounts/local-staff-accounts';
import type { StaffAccounts } from '../accounts/staff-accounts';
import { PersonReadsStore } from '../store/person-reads.store';
import type { AccountsDeps } from '../use-cases/accounts.use-cases';

/** The staff pool on AWS (its id is required: a function without it stops at cold start); DynamoDB Local's accounts locally. */
function staffAccounts(): StaffAccounts {
  if (settings().RELAIS_MODE !== 'aws') return new LocalStaffAccounts();
  const pool = process.env.RELAIS_USER_POOL_ID;
  if (!pool) throw new Error('Configuration invalide : RELAIS_USER_POOL_ID manquant (fonction des comptes du personnel)');
  return new CognitoStaffAccounts(pool);
}

const organisations = new PersonReadsStore();

/** Production wiring, built once per process (module scope). */
export const accountsDeps: AccountsDeps = {
  accounts: staffAccounts(),
  organisationExists: async (id) => (await organisations.getOrganisation(id)) !== undefined,
  clock: { now: () => new Date() },
};
