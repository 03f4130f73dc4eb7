import { httpRoute } from '../../../shared/http/route-handler';
import { demoUsers } from '../domain/demo-users';
import { devUsersRoute } from '../routes/dev-users.route';

export const handler = httpRoute(devUsersRoute, async () => demoUsers());
