import { InboundSmsResultSchema, InboundSmsSchema } from '../domain/surveys.schema';
import { handler, surveysRoute } from './common';

export const smsInboundRoute = surveysRoute({
  id: 'smsInbound',
  method: 'POST',
  path: '/api/sms/inbound',
  access: 'public',
  handler: handler('sms-inbound.handler.ts'),
  summary: 'Joue l’opérateur SMS : une réponse reçue (en-tête X-Relais-Carrier-Secret) (mode local)',
  schemas: { body: InboundSmsSchema, response: InboundSmsResultSchema },
  publicCredential: 'Secret de l’opérateur SMS (en-tête X-Relais-Carrier-Secret)',
  localOnly: true,
});
