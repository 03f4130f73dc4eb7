import { DevProConnectRequestSchema, DevProConnectResponseSchema } from '../domain/accounts.schema';
import { platformRoute } from './common';

export const devProConnectRoute = platformRoute({
  id: 'devProConnect',
  method: 'POST',
  path: '/api/auth/dev/proconnect',
  access: 'public',
  handler: 'services/platform/handlers/dev-proconnect.handler.ts',
  summary: 'Se connecter comme un agent venu de ProConnect : compte en attente à la première connexion (mode local)',
  schemas: { body: DevProConnectRequestSchema, response: DevProConnectResponseSchema },
  localOnly: true,
});
