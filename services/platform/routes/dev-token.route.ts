import { DevTokenRequestSchema, DevTokenResponseSchema } from '../domain/platform.schema';
import { platformRoute } from './common';

export const devTokenRoute = platformRoute({
  id: 'devToken',
  method: 'POST',
  path: '/api/auth/dev/token',
  access: 'public',
  handler: 'services/platform/handlers/dev-token.handler.ts',
  summary: 'Se connecter comme un utilisateur de démonstration (mode local)',
  schemas: { body: DevTokenRequestSchema, response: DevTokenResponseSchema },
  localOnly: true,
});
