import * as z from 'zod';
import { defineSettings, parseSettings, settingsSchema } from '../../shared/config/declare';

/**
 * The intake service's own settings (the kernel's stay in shared/config/settings.ts), listed by
 * its manifest: checked at start-up and at cold start, documented in the README.
 */
export const INTAKE_SETTINGS = defineSettings({
  RELAIS_REFERRAL_EXPIRY_DAYS: {
    schema: z.coerce.number().min(1).max(90).default(30),
    default: '30',
    meaning: {
      fr: 'jours laissés à un partenaire pour répondre à une orientation (envoyée ou en cours d’examen) avant qu’elle expire',
      en: 'a referral left unanswered (sent or in review) expires after these days',
    },
  },
  RELAIS_REFERRAL_REMINDER_DAY: {
    schema: z.coerce.number().min(1).max(90).default(10),
    default: '10',
    meaning: {
      fr: 'jour après l’envoi où le partenaire qui n’a pas répondu est relancé (à mi-délai s’il tombe après l’expiration)',
      en: 'day after sending on which an unanswering partner is reminded (at half the delay if it falls after the expiry)',
    },
  },
  RELAIS_REFERRAL_ACCEPTED_EXPIRY_DAYS: {
    schema: z.coerce.number().min(1).max(365).default(60),
    default: '60',
    meaning: {
      fr: 'jours après l’acceptation au bout desquels une orientation jamais clôturée expire',
      en: 'an accepted referral never closed expires these days after its acceptance',
    },
  },
  RELAIS_REFERRAL_ACCEPTED_REMINDER_DAY: {
    schema: z.coerce.number().min(1).max(365).default(50),
    default: '50',
    meaning: {
      fr: 'jour après l’acceptation où le partenaire est invité à clôturer l’orientation, avant qu’elle expire',
      en: 'day after acceptance on which the partner is reminded to close the referral, before it expires',
    },
  },
  RELAIS_REFERRAL_LINK_DAYS: {
    schema: z.coerce.number().min(1).max(365).default(60),
    default: '60',
    meaning: {
      fr: 'durée de validité au plus, en jours, du lien signé d’une orientation (il cesse dès que l’orientation se termine)',
      en: 'longest validity, in days, of a referral’s signed link (it stops as soon as the referral ends)',
    },
  },
  RELAIS_PERSON_RETENTION_DAYS: {
    schema: z.coerce.number().int().min(30).max(3650).default(730),
    default: '730',
    meaning: {
      fr: 'jours sans activité après lesquels les données d’une personne sont effacées (règle 6 du domaine)',
      en: 'days without activity after which a person’s data is erased (DOMAIN rule 6: two years)',
    },
  },
  RELAIS_PERSON_NOTICE_MONTHLY_BUDGET: {
    schema: z.coerce.number().int().min(0).default(1000),
    default: '1000',
    meaning: {
      fr: 'messages par mois civil (heure de Paris) qui préviennent les personnes de leurs orientations ; au-delà, rien n’est envoyé et le dépassement est compté',
      en: 'messages per calendar month (Paris) telling persons of their referrals; beyond, nothing is sent and the overrun is counted',
    },
  },
  RELAIS_PERSON_CODE_LOCK_MINUTES: {
    schema: z.coerce.number().int().min(1).max(1440).default(15),
    default: '15',
    meaning: {
      fr: 'minutes d’attente imposées à « Mon espace » après 5 codes de connexion faux pour un même téléphone ou e-mail',
      en: 'minutes « Mon espace » makes a phone or e-mail wait after 5 wrong sign-in codes',
    },
  },
  RELAIS_PERSON_CODES_PER_HOUR: {
    schema: z.coerce.number().int().min(1).max(20).default(3),
    default: '3',
    meaning: {
      fr: 'codes de connexion à « Mon espace » envoyés au plus par heure à un même téléphone ou e-mail (au-delà, rien n’est envoyé)',
      en: 'sign-in codes of « Mon espace » sent at most per hour to one phone or e-mail (beyond, nothing is sent)',
    },
  },
  RELAIS_PERSON_INVITATION_HOURS: {
    schema: z.coerce.number().int().min(1).max(720).default(72),
    default: '72',
    meaning: {
      fr: 'heures de validité d’une invitation à « Mon espace » (lien à usage unique remis par un professionnel)',
      en: 'hours an invitation to « Mon espace » (a single-use link a professional hands the person) stays valid',
    },
  },
});
const IntakeSettingsSchema = settingsSchema(INTAKE_SETTINGS);
export type IntakeSettings = z.infer<typeof IntakeSettingsSchema>;

let cached: IntakeSettings | undefined;

export function intakeSettings(): IntakeSettings {
  cached ??= parseSettings(INTAKE_SETTINGS, process.env);
  return cached;
}

/** Forget parsed settings (tests change the environment). */
export function resetIntakeSettings(): void {
  cached = undefined;
}
