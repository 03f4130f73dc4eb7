import { HealthSchema } from '../domain/platform.schema';
import { platformRoute } from './common';

export const healthRoute = platformRoute({
  id: 'health',
  method: 'GET',
  path: '/api/health',
  access: 'public',
  handler: 'services/platform/handlers/health.handler.ts',
  summary: 'État du service',
  schemas: { response: HealthSchema },
});
