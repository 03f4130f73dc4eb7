import * as z from 'zod';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof DAYS)[number];

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
 * The surveys service's own settings, parsed once by zod (the kernel's settings stay shared).
 * A malformed value fails the cold start with a message naming it.
 */
const SurveysSettingsSchema = z.object({
  /** Minutes between the reception (or the parcours' closing) and the survey. */
  RELAIS_SURVEY_DELAY_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** No SMS in this window (Europe/Paris). */
  RELAIS_SMS_QUIET_HOURS: QuietHoursSchema.prefault('20:00-09:00'),
  /** No SMS on these days (Europe/Paris). */
  RELAIS_SMS_QUIET_DAYS: QuietDaysSchema.prefault('sun'),
  /** SMS (surveys and confirmations) per calendar month; beyond, nothing is sent and an alarm is raised. */
  RELAIS_SMS_MONTHLY_BUDGET: z.coerce.number().int().min(0).default(2000),
  /** Local mode: the secret the SMS carrier stand-in sends in `X-Relais-Carrier-Secret`. */
  RELAIS_CARRIER_SECRET: z.string().min(16).optional(),
});
export type SurveysSettings = z.infer<typeof SurveysSettingsSchema>;

/** The settings a stage may set (infra/config.ts checks them at synthesis with the same rules). */
export const SURVEYS_STAGE_SETTINGS = {
  'relais:surveyDelayMinutes': 'RELAIS_SURVEY_DELAY_MINUTES',
  'relais:smsQuietHours': 'RELAIS_SMS_QUIET_HOURS',
  'relais:smsQuietDays': 'RELAIS_SMS_QUIET_DAYS',
  'relais:smsMonthlyBudget': 'RELAIS_SMS_MONTHLY_BUDGET',
} as const;

/** Throws, naming the setting, if one of these environment values would fail a cold start. */
export function checkSurveysSettings(env: Record<string, string>): void {
  const parsed = SurveysSettingsSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration invalide : ${names}`);
  }
}

let cached: SurveysSettings | undefined;

export function surveysSettings(): SurveysSettings {
  if (!cached) {
    const parsed = SurveysSettingsSchema.safeParse(process.env);
    if (!parsed.success) {
      const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Configuration invalide : ${names}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Forget parsed settings (tests change the environment). */
export function resetSurveysSettings(): void {
  cached = undefined;
}
