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
});
