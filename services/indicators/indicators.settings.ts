import * as z from 'zod';
import { defineSettings } from '../../shared/config/declare';

/** The indicators service's own settings, listed by its manifest (checked at start-up and cold start). */
export const INDICATORS_SETTINGS = defineSettings({
  RELAIS_REFERENT_FIRST_YEAR: {
    schema: z.coerce.number().int().min(2000).max(2100).default(2025),
    default: '2025',
    meaning: {
      fr: 'première année de la démarche du référent de parcours (ses cibles annuelles comptent à partir d’elle)',
      en: 'first year of the référent approach (its yearly targets count from it)',
    },
  },
});
