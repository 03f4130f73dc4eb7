import * as z from 'zod';
import { OutboxEntrySchema, OutboxQuerySchema } from '../domain/platform.schema';
import { platformRoute } from './common';

export const devOutboxRoute = platformRoute({
  id: 'devOutbox',
  method: 'GET',
  path: '/api/dev/outbox',
  // What would have left the platform holds personal data (SMS numbers, partners' messages).
  access: ['pilote', 'admin'],
  handler: 'services/platform/handlers/dev-outbox.handler.ts',
  summary: 'Ce qui aurait quitté la plateforme : SMS, notifications, webhooks, lettres mortes (mode local)',
  schemas: { query: OutboxQuerySchema, response: z.object({ items: z.array(OutboxEntrySchema) }) },
  localOnly: true,
});
