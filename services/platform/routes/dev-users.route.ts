import * as z from 'zod';
import { DemoUserSchema } from '../domain/platform.schema';
import { platformRoute } from './common';

export const devUsersRoute = platformRoute({
  id: 'devUsers',
  method: 'GET',
  path: '/api/auth/dev/users',
  access: 'public',
  handler: 'services/platform/handlers/dev-users.handler.ts',
  summary: 'Utilisateurs de démonstration (mode local)',
  schemas: { response: z.array(DemoUserSchema) },
  localOnly: true,
});
