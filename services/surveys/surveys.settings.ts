import * as z from 'zod';
import { defineSettings, parseSettings, settingsSchema } from '../../shared/config/declare';
import type { WeekDay as SharedWeekDay } from '../../shared/sms/send-time';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly SharedWeekDay[];
export type WeekDay = SharedWeekDay;

/** `20:00-09:00` (a window that may cross midnight); empty or `off` for none. */
const QuietHoursSchema = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .refine((v) => v === '' || v === 'off' || v === 'none' || (v.split('-').every((p) => HHMM.test(p)) && v.split('-').length === 2), {
    message: 'attendu HH:MM-HH:MM, ou off',
  })
  .transform((v) => {
    if (v === '' || v === 'off' || v === 'none') return null;
    const [start, end] = v.split('-') as [string, string];
    return start === end ? null : { start, end };
  });

/** A phone pool or phone number id, its ARN, or an E.164 number / short code (SendTextMessage's OriginationIdentity). */
const ORIGINATION_IDENTITY =
  /^(pool-[A-Za-z0-9]{8,}|phone-[A-Za-z0-9]{8,}|senderid-[A-Za-z0-9-]+|\+[1-9]\d{6,14}|\d{5,6}|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(pool|phone-number|sender-id)\/[A-Za-z0-9_-]+)$/;

/** `sun` or `sat,sun`; empty or `off` for none. */
const QuietDaysSchema = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .refine((v) => v === '' || v === 'off' || v === 'none' || v.split(',').every((d) => (DAYS as readonly string[]).includes(d.trim())), {
    message: `attendu une liste parmi ${DAYS.join(',')}, ou off`,
  })
  .transform((v) => (v === '' || v === 'off' || v === 'none' ? [] : v.split(',').map((d) => d.trim() as WeekDay)));

/**
 * The surveys service's own settings (the kernel's stay in shared/config/settings.ts), listed by
 * its manifest: checked at start-up and at cold start, documented in the README; the stage keys
 * are checked at synthesis with the same rules (infra/config.ts).
 */
export const SURVEYS_SETTINGS = defineSettings({
  RELAIS_SURVEY_DELAY_MINUTES: {
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    default: '60',
    meaning: {
      fr: 'minutes entre un accueil (ou la clôture d’un parcours) et son SMS de satisfaction',
      en: 'minutes between a reception (or a parcours’ closing) and its satisfaction SMS',
    },
    stageKey: 'relais:surveyDelayMinutes',
  },
  RELAIS_SMS_QUIET_HOURS: {
    schema: QuietHoursSchema.prefault('20:00-09:00'),
    default: '20:00-09:00',
    meaning: {
      fr: 'pas de SMS dans cette plage (heure de Paris) ; off pour aucune',
      en: 'no SMS in this window (Europe/Paris); `off` for none',
    },
    stageKey: 'relais:smsQuietHours',
  },
  RELAIS_SMS_QUIET_DAYS: {
    schema: QuietDaysSchema.prefault('sun'),
    default: 'sun',
    meaning: { fr: 'pas de SMS ces jours-là (heure de Paris) ; off pour aucun', en: 'no SMS on these days (Europe/Paris); `off` for none' },
    stageKey: 'relais:smsQuietDays',
  },
  RELAIS_SMS_MONTHLY_BUDGET: {
    schema: z.coerce.number().int().min(0).default(2000),
    default: '2000',
    meaning: {
      fr: 'SMS par mois civil ; au-delà, rien n’est envoyé et une alarme est levée',
      en: 'SMS per calendar month; beyond, nothing is sent and an alarm metric is raised',
    },
    stageKey: 'relais:smsMonthlyBudget',
  },
  RELAIS_SMS_ORIGINATION_IDENTITY: {
    schema: z
      .string()
      .trim()
      .regex(ORIGINATION_IDENTITY, {
        message:
          'attendu l’identifiant ou l’ARN d’un groupe de numéros (pool-…), d’un numéro (phone-…) ou un numéro E.164, d’AWS End User Messaging SMS',
      })
      .optional(),
    defaultNote: 'unset: End User Messaging picks one of the account’s identities (account-level send)',
    meaning: {
      fr: 'identité d’origine des SMS (AWS End User Messaging SMS : groupe de numéros, numéro ou code court)',
      en: 'origination identity of the SMS (AWS End User Messaging SMS: phone pool, phone number or short code)',
    },
    stageKey: 'relais:smsOriginationIdentity',
  },
  RELAIS_SMS_TWO_WAY: {
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false'], { message: 'attendu true ou false' }))
      .prefault('true')
      .transform((v) => v === 'true'),
    default: 'true',
    meaning: {
      fr: 'le numéro d’envoi reçoit les réponses (SMS bidirectionnel) ; false : chaque SMS d’enquête porte un lien signé vers une page à une question',
      en: 'the sending number receives replies (two-way SMS); `false`: each survey SMS carries a signed link to a one-question page (ADR 0041)',
    },
    stageKey: 'relais:smsTwoWay',
  },
  RELAIS_SMS_CONFIGURATION_SET: {
    schema: z.string().min(1).optional(),
    meaning: {
      fr: 'jeu de configuration des SMS (événements de remise vers le sujet des événements SMS)',
      en: 'SMS configuration set (delivery events to the SMS events topic)',
    },
    where: 'aws',
  },
  RELAIS_SMS_OPT_OUT_LIST: {
    schema: z.string().min(1).optional(),
    meaning: {
      fr: 'liste de désinscription d’AWS End User Messaging SMS tenue avec les STOP reçus par Relais',
      en: 'AWS End User Messaging SMS opt-out list kept in step with the STOP Relais receives',
    },
    where: 'aws',
  },
  RELAIS_CARRIER_SECRET: {
    schema: z.string().min(16).optional(),
    meaning: {
      fr: 'le secret que POST /api/sms/inbound exige (simulateur local de l’opérateur SMS), 16 caractères au moins',
      en: 'the secret `POST /api/sms/inbound` requires (local carrier stand-in), at least 16 characters',
    },
    where: 'local',
  },
});
const SurveysSettingsSchema = settingsSchema(SURVEYS_SETTINGS);
export type SurveysSettings = z.infer<typeof SurveysSettingsSchema>;

/** The settings a stage may set (infra/config.ts checks them at synthesis with the same rules). */
export const SURVEYS_STAGE_SETTINGS = Object.fromEntries(
  Object.entries(SURVEYS_SETTINGS).flatMap(([name, decl]) => ('stageKey' in decl && decl.stageKey ? [[decl.stageKey, name]] : [])),
) as Record<string, keyof typeof SURVEYS_SETTINGS>;

let cached: SurveysSettings | undefined;

export function surveysSettings(): SurveysSettings {
  cached ??= parseSettings(SURVEYS_SETTINGS, process.env);
  return cached;
}

/** Forget parsed settings (tests change the environment). */
export function resetSurveysSettings(): void {
  cached = undefined;
}
