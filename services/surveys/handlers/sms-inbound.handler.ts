import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../../../shared/errors/errors';
import { httpRoute } from '../../../shared/http/route-handler';
import { surveysService } from '../service';
import { surveysSettings } from '../surveys.settings';
import { receiveSms } from './inbound-sms';

function sameSecret(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Local mode only: plays the SMS carrier delivering a reply (`X-Relais-Carrier-Secret` must
 * match RELAIS_CARRIER_SECRET; unset, every call is refused).
 */
export const handler = httpRoute(surveysService, 'smsInbound', async ({ body, headers }) => {
  if (!sameSecret(headers['x-relais-carrier-secret'], surveysSettings().RELAIS_CARRIER_SECRET)) {
    throw new UnauthorizedError('Secret de l’opérateur SMS absent ou invalide.');
  }
  return { outcome: await receiveSms(body) };
});
