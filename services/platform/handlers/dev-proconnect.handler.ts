import { LOCAL_TOKEN_SECONDS, signLocalAccountToken } from '../../../shared/auth/local-jwt';
import { httpRoute } from '../../../shared/http/route-handler';
import { LocalStaffAccounts } from '../accounts/local-staff-accounts';
import { devProConnectRoute } from '../routes/dev-proconnect.route';

const accounts = new LocalStaffAccounts();

/**
 * Local stack only: what a ProConnect sign-in does on AWS (ADR 0041). The first sign-in of an
 * e-mail creates its account without a role (pending), a later one refreshes the identity; the
 * token carries the role and organisation an administrator assigned, if any.
 */
export const handler = httpRoute(devProConnectRoute, async ({ body }) => {
  const account = await accounts.signIn(body);
  const accessToken = await signLocalAccountToken({
    sub: account.id,
    name: `${account.givenName} ${account.familyName}`,
    email: account.email,
    role: account.role,
    organisationId: account.organisationId,
    siret: account.siret,
  });
  return { accessToken, expiresIn: LOCAL_TOKEN_SECONDS, account };
});
