import { LOCAL_TOKEN_SECONDS, signLocalToken } from '../../../shared/auth/local-jwt';
import { httpRoute } from '../../../shared/http/route-handler';
import { DEMO_USERS } from '../../directory/demo/lot-demo';
import { demoUsers } from '../domain/demo-users';
import { platformErrors } from '../errors';
import { devTokenRoute } from '../routes/dev-token.route';

export const handler = httpRoute(devTokenRoute, async ({ body }) => {
  const claims = DEMO_USERS.find((u) => u.username === body.username);
  const user = demoUsers().find((u) => u.username === body.username);
  if (!claims || !user) {
    throw platformErrors.error('demo-user.unknown', {
      errors: [{ path: 'body.username', message: 'Utilisateur de démonstration inconnu' }],
    });
  }
  const accessToken = await signLocalToken({ ...claims });
  return { accessToken, expiresIn: LOCAL_TOKEN_SECONDS, user };
});
