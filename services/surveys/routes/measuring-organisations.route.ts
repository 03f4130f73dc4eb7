import { MeasuringSchema } from '../domain/surveys.schema';
import { handler, surveysRoute } from './common';

export const measuringOrganisationsRoute = surveysRoute({
  id: 'measuringOrganisations',
  method: 'GET',
  path: '/api/surveys/organisations',
  access: ['pilote', 'admin'],
  handler: handler('measuring-organisations.handler.ts'),
  summary: 'Les structures qui mesurent la satisfaction des personnes (au moins une enquête envoyée)',
  schemas: { response: MeasuringSchema },
});
