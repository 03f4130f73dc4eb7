import * as z from 'zod';
import { E164PhoneSchema } from '../../../shared/validation/common.schema';

/**
 * Phone numbers are stored in E.164, normalised where they are written (SECURITY.md: "at the
 * edge"). The phone library is installed by `phone.check.ts`, imported only by the handlers
 * that write numbers, so that the other intake bundles stay small (same pattern as the
 * directory's opening hours, ADR 0007). Without it only numbers already in E.164 pass.
 */
export type PhoneNormaliser = (raw: string) => string | undefined;

let normaliser: PhoneNormaliser | undefined;

export function installPhoneNormaliser(fn: PhoneNormaliser): void {
  normaliser = fn;
}

export function phoneNormaliserInstalled(): boolean {
  return normaliser !== undefined;
}

/** The E.164 form of `raw` (French numbers without a country code), or undefined if it is not a phone number. */
export function normalisePhone(raw: string): string | undefined {
  if (normaliser) return normaliser(raw);
  return E164PhoneSchema.safeParse(raw).success ? raw : undefined;
}

/** A phone number as typed ("06 12 34 56 78", "+33 6…"), answered in E.164. */
export const PhoneInputSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((value, ctx) => {
    const e164 = normalisePhone(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Numéro de téléphone invalide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78)' });
      return z.NEVER;
    }
    return e164;
  });
