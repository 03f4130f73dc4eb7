import { MeSchema } from '../domain/platform.schema';
import { platformRoute } from './common';

export const meRoute = platformRoute({
  id: 'me',
  method: 'GET',
  path: '/api/me',
  access: 'authenticated',
  handler: 'services/platform/handlers/me.handler.ts',
  summary: "L'utilisateur connecté",
  schemas: { response: MeSchema },
});
