import * as z from 'zod';
import { defineSettings } from '../../shared/config/declare';

/** The notifications service's own settings, listed by its manifest (checked at start-up and cold start). */
export const NOTIFICATIONS_SETTINGS = defineSettings({
  RELAIS_WEBHOOK_EXTRA_CA: {
    schema: z.string().min(1).optional(),
    meaning: {
      fr: 'certificat d’autorité (PEM) de plus accepté pour les webhooks des partenaires',
      en: 'an extra certificate authority (PEM) trusted for partners’ webhooks',
    },
    where: 'local',
  },
});
