import { settings } from '../../../shared/config/settings';
import { buildOpenApi } from '../../../shared/http/openapi';
import { storelessRoute as httpRoute, reply } from '../../../shared/http/route-core';
import { SERVICES } from '../../index';
import { openapiRoute } from '../routes/openapi.route';

let document: unknown;

export const handler = httpRoute(openapiRoute, async () => {
  document ??= buildOpenApi(SERVICES, { includeLocalOnly: settings().RELAIS_MODE === 'local' });
  return reply({ body: document, headers: { 'cache-control': 'public, max-age=300' } });
});
