import { settings } from '../../../shared/config/settings';
import { storelessRoute as httpRoute, reply } from '../../../shared/http/route-core';
import { buildOpenApi } from '../../../shared/http/openapi';
import { SERVICES } from '../../index';
import { platformService } from '../service';

let document: unknown;

export const handler = httpRoute(platformService, 'openapi', async () => {
  document ??= buildOpenApi(SERVICES, { includeLocalOnly: settings().RELAIS_MODE === 'local' });
  return reply({ body: document, headers: { 'cache-control': 'public, max-age=300' } });
});
