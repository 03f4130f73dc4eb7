import { settings } from '../../../shared/config/settings';
import { outboxBacklog } from '../../../shared/events/backlog';
import { storelessRoute as httpRoute } from '../../../shared/http/route-core';
import { healthRoute } from '../routes/health.route';

/**
 * The API answers. Locally it also tells whether the events left pending by the previous run
 * are still being republished (`backlog`, ADR 0015): the API serves meanwhile, but what those
 * events feed (indicators, notifications…) is catching up.
 */
export const handler = httpRoute(healthRoute, async () => {
  const backlog = outboxBacklog();
  return {
    status: 'ok' as const,
    mode: settings().RELAIS_MODE,
    time: new Date().toISOString(),
    ...(backlog ? { backlog } : {}),
  };
});
