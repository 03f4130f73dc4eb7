import * as z from 'zod';
import { EmailSchema } from '../../../shared/validation/common.schema';
import { PhoneInputSchema } from './phone';

/**
 * « Mon espace »: the person signs in (issue 15, ADR 0036). With a one-time code sent to the
 * phone or e-mail on her record, or with an invitation link a professional handed her.
 */

/** How long a code is valid, and how many wrong codes a contact may try before waiting (issue 15). */
export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;
/** The scope of her invitation's signed link: short, the link goes in an SMS. */
export const INVITATION_SCOPE = 'espace';

const ONE_CONTACT = 'Indiquez votre numéro de téléphone ou votre adresse e-mail (l’un des deux)';

const Contact = {
  phone: PhoneInputSchema.optional(),
  email: EmailSchema.max(254).optional(),
};

/** Exactly one of her phone and her e-mail: every bad field is named. */
function oneContact(value: { phone?: string; email?: string }, ctx: z.RefinementCtx) {
  if ((value.phone === undefined) === (value.email === undefined)) {
    for (const path of ['phone', 'email']) ctx.addIssue({ code: 'custom', path: [path], message: ONE_CONTACT });
  }
}

/** `POST /api/me/person/code`. */
export const RequestCodeSchema = z.strictObject(Contact).superRefine(oneContact);
export type RequestCodeInput = z.output<typeof RequestCodeSchema>;

/**
 * `POST /api/me/person/token`: her contact and the code she received; or, instead, the token
 * of her invitation link (`/mon-espace#/invitation/<token>`), alone.
 */
export const PersonTokenRequestSchema = z
  .strictObject({
    ...Contact,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Le code a 6 chiffres')
      .optional(),
    invitation: z.string().min(16).max(1024).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.invitation !== undefined) {
      for (const path of ['phone', 'email', 'code'] as const) {
        if (value[path] !== undefined)
          ctx.addIssue({ code: 'custom', path: [path], message: 'Avec une invitation, rien d’autre n’est demandé' });
      }
      return;
    }
    if (value.code === undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: 'Indiquez le code reçu (6 chiffres)' });
    oneContact(value, ctx);
  });
export type PersonTokenRequest = z.output<typeof PersonTokenRequestSchema>;

export const PersonTokenSchema = z.object({
  accessToken: z.string(),
  /** Seconds the token is valid. */
  expiresIn: z.number().int(),
});
export type PersonToken = z.output<typeof PersonTokenSchema>;

/** `POST /api/persons/{id}/invitation`: optionally sent by SMS to the phone on her record. */
export const InvitationRequestSchema = z.strictObject({ sendBySms: z.boolean().optional() });

export const InvitationSchema = z.object({
  /** The single-use link to « Mon espace » (`/mon-espace#/invitation/<token>`). */
  link: z.string(),
  expiresAt: z.string(),
  /** An SMS with the link was asked for her phone on record. */
  sentBySms: z.boolean(),
});
export type Invitation = z.output<typeof InvitationSchema>;

/** FranceConnect's `sub` (an opaque pairwise identifier, 64 hex characters at FranceConnect; bounded and plain here). */
export const FranceConnectSubSchema = z
  .string()
  .trim()
  .min(1, 'L’identifiant FranceConnect est vide.')
  .max(128, 'L’identifiant FranceConnect est trop long (128 caractères au plus).')
  .regex(/^[A-Za-z0-9._-]+$/, 'L’identifiant FranceConnect ne peut contenir que des lettres, des chiffres, « . », « _ » et « - ».');

/** `POST /api/persons/{id}/identity-link`: the FranceConnect identity a professional confirms is hers. */
export const IdentityLinkRequestSchema = z.strictObject({ franceConnectSub: FranceConnectSubSchema });

export const IdentityLinkSchema = z.object({
  personId: z.string(),
  /** True while her FranceConnect identity is linked to her record. */
  linked: z.boolean(),
  linkedAt: z.string().optional(),
});
export type IdentityLink = z.output<typeof IdentityLinkSchema>;
