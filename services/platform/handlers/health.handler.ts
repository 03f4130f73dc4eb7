import { settings } from '../../../shared/config/settings';
import { httpRoute } from '../../../shared/http/route-handler';
import { platformService } from '../service';

export const handler = httpRoute(platformService, 'health', async () => ({
  status: 'ok' as const,
  mode: settings().RELAIS_MODE,
  time: new Date().toISOString(),
}));
