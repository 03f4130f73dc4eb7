import { httpRoute } from '../../../shared/http/route-handler';
import { demoUsers } from '../domain/demo-users';
import { platformService } from '../service';

export const handler = httpRoute(platformService, 'devUsers', async () => demoUsers());
