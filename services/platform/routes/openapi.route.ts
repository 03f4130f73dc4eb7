import { platformRoute } from './common';

export const openapiRoute = platformRoute({
  id: 'openapi',
  method: 'GET',
  path: '/api/openapi.json',
  access: 'public',
  handler: 'services/platform/handlers/openapi.handler.ts',
  summary: "Description OpenAPI 3.1 de l'API",
});
