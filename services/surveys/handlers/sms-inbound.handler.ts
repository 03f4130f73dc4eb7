import { timingSafeEqual } from 'node:crypto';
import { httpRoute } from '../../../shared/http/route-handler';
import { surveysErrors } from '../errors';
import { smsInboundRoute } from '../routes/sms-inbound.route';
import { surveysSettings } from '../surveys.settings';
import { receiveSms } from './sending.deps';

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
export const handler = httpRoute(smsInboundRoute, async ({ body, headers }) => {
  if (!sameSecret(headers['x-relais-carrier-secret'], surveysSettings().RELAIS_CARRIER_SECRET)) {
    throw surveysErrors.error('carrier.unauthorised');
  }
  return { outcome: await receiveSms(body) };
});
