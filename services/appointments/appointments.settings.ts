import * as z from 'zod';
import { defineSettings, parseSettings, settingsSchema } from '../../shared/config/declare';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The appointments service's own settings, listed by its manifest (checked at start-up and at
 * cold start, documented in the README). The SMS quiet hours and days are the platform's
 * (surveys' settings, rule 7): a reminder is an SMS to the person like a survey.
 */
export const APPOINTMENTS_SETTINGS = defineSettings({
  RELAIS_APPOINTMENT_REMINDER_DAYS_BEFORE: {
    schema: z.coerce.number().int().min(0).max(7).default(1),
    default: '1',
    meaning: {
      fr: 'jours avant le rendez-vous où la personne reçoit son rappel (0 : aucun rappel, seulement le message à la prise du rendez-vous)',
      en: 'days before the appointment when the person gets her reminder (0: none, only the message at booking)',
    },
  },
  RELAIS_APPOINTMENT_REMINDER_TIME: {
    schema: z.string().trim().regex(HHMM, 'attendu HH:MM').default('10:00'),
    default: '10:00',
    meaning: {
      fr: 'heure de Paris du rappel (reportée à la fin des heures sans SMS si elle y tombe)',
      en: 'Paris time of the reminder (moved to the end of the quiet hours when it falls in them)',
    },
  },
  RELAIS_APPOINTMENT_SMS_MONTHLY_BUDGET: {
    schema: z.coerce.number().int().min(0).default(2000),
    default: '2000',
    meaning: {
      fr: 'messages de rendez-vous par mois civil ; au-delà, rien n’est envoyé et une alarme est levée',
      en: 'appointment messages per calendar month; beyond, nothing is sent and an alarm metric is raised',
    },
  },
  RELAIS_RDVSP_TOKENS: {
    schema: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw.trim() === '') return undefined;
        const problem = 'attendu un objet JSON {"nom-du-secret": "clé"} (noms : minuscules, chiffres, tirets ; clés non vides)';
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }
        const ok =
          typeof parsed === 'object' &&
          parsed !== null &&
          !Array.isArray(parsed) &&
          Object.entries(parsed).every(([name, key]) => /^[a-z0-9][a-z0-9-]{1,62}$/.test(name) && typeof key === 'string' && key !== '');
        if (!ok) {
          ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }
        return parsed as Record<string, string>;
      }),
    defaultNote: 'none (on AWS the keys are Secrets Manager secrets `relais/<stage>/rdvsp/<name>`)',
    meaning: {
      fr: 'en local : les clés d’API RDV-Service-Public des structures, par nom de secret (JSON {"nom": "clé"}) ; sur AWS elles sont dans Secrets Manager (relais/<environnement>/rdvsp/<nom>)',
      en: 'local only: RDV-Service-Public API keys of the organisations, by secret name (JSON {"name": "key"}); on AWS they are Secrets Manager secrets (relais/<stage>/rdvsp/<name>)',
    },
    where: 'local',
  },
});
const AppointmentsSettingsSchema = settingsSchema(APPOINTMENTS_SETTINGS);
export type AppointmentsSettings = z.infer<typeof AppointmentsSettingsSchema>;

let cached: AppointmentsSettings | undefined;

export function appointmentsSettings(): AppointmentsSettings {
  cached ??= parseSettings(APPOINTMENTS_SETTINGS, process.env);
  return cached;
}

/** Forget parsed settings (tests change the environment). */
export function resetAppointmentsSettings(): void {
  cached = undefined;
}
