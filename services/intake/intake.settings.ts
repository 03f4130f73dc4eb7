import * as z from 'zod';

/**
 * The intake service's own settings, parsed once by zod (the kernel's settings stay shared).
 * A malformed value fails the cold start with a message naming it.
 */
const IntakeSettingsSchema = z.object({
  /** Days a partner has to answer a referral before it expires; the reminder goes at half of it. */
  RELAIS_REFERRAL_EXPIRY_DAYS: z.coerce.number().min(1).max(90).default(8),
  /** Days without activity after which a person's data is erased (DOMAIN rule 6; default 2 years). */
  RELAIS_PERSON_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(730),
});
export type IntakeSettings = z.infer<typeof IntakeSettingsSchema>;

let cached: IntakeSettings | undefined;

export function intakeSettings(): IntakeSettings {
  if (!cached) {
    const parsed = IntakeSettingsSchema.safeParse(process.env);
    if (!parsed.success) {
      const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Configuration invalide : ${names}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Forget parsed settings (tests change the environment). */
export function resetIntakeSettings(): void {
  cached = undefined;
}
