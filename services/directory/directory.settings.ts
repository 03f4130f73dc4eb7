import * as z from 'zod';
import { defineSettings } from '../../shared/config/declare';

/** The directory service's own settings, listed by its manifest (checked at start-up and cold start). */
export const DIRECTORY_SETTINGS = defineSettings({
  RELAIS_OFFICIAL_COMMUNES_FILE: {
    schema: z.string().min(1).optional(),
    defaultNote: 'the list in `@etalab/decoupage-administratif`',
    meaning: {
      fr: 'liste officielle des communes (noms, populations), posée par la pile quand elle est copiée dans le paquet',
      en: 'the official commune list (names, populations), set by the stack where it is copied into the bundle',
    },
    where: 'aws',
  },
  RELAIS_COORDINATION_CONTACT: {
    schema: z.string().trim().min(3).max(300).optional(),
    defaultNote: 'the words « l’équipe de coordination du réseau »',
    meaning: {
      fr: 'comment joindre la coordination du réseau (téléphone, courriel), cité aux partenaires dont le lien de vérification a expiré',
      en: 'how to reach the network’s coordination (phone, e-mail), quoted to partners whose review link has expired',
    },
  },
  RELAIS_DATA_INCLUSION_API_URL: {
    schema: z.url({ protocol: /^https?$/, message: 'Adresse web attendue (ex. https://api.data.inclusion.beta.gouv.fr)' }).optional(),
    defaultNote: 'none: the daily data·inclusion pull is off',
    meaning: {
      fr: 'racine de l’API data·inclusion dont l’annuaire tire chaque nuit les structures et services du département (sans elle, pas d’import)',
      en: 'root of the data·inclusion API the directory pulls the département’s structures and services from each night (unset: no pull)',
    },
  },
  RELAIS_DATA_INCLUSION_TOKEN_SECRET: {
    schema: z.string().trim().min(1).max(2048).optional(),
    defaultNote: 'none (locally, `RELAIS_DATA_INCLUSION_TOKEN` gives the token itself)',
    meaning: {
      fr: 'nom ou ARN du secret (Secrets Manager) qui garde le jeton de l’API data·inclusion',
      en: 'name or ARN of the Secrets Manager secret holding the data·inclusion API token',
    },
  },
  RELAIS_DATA_INCLUSION_TOKEN: {
    schema: z.string().trim().min(1).max(2048).optional(),
    defaultNote: 'none: the pull is off unless a token is given',
    meaning: {
      fr: 'jeton de l’API data·inclusion, en local seulement (sur AWS, il reste dans le secret nommé par RELAIS_DATA_INCLUSION_TOKEN_SECRET)',
      en: 'the data·inclusion API token, locally only (on AWS it stays in the secret named by RELAIS_DATA_INCLUSION_TOKEN_SECRET)',
    },
    where: 'local',
  },
});
