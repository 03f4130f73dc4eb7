import * as z from 'zod';
import { defineSettings, parseSettings, settingsSchema } from '../../shared/config/declare';

/**
 * The intake service's own settings (the kernel's stay in shared/config/settings.ts), listed by
 * its manifest: checked at start-up and at cold start, documented in the README.
 */
export const INTAKE_SETTINGS = defineSettings({
  RELAIS_REFERRAL_EXPIRY_DAYS: {
    schema: z.coerce.number().min(1).max(90).default(8),
    default: '8',
    meaning: {
      fr: 'jours laissés à un partenaire pour répondre à une orientation avant qu’elle expire ; la relance part à la moitié',
      en: 'an unanswered referral expires after these days; the partner is reminded at half of it',
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
