import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize } from '../../../shared/auth/policy';
import { signLink, verifyLink } from '../../../shared/auth/signed-link';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { createLogger } from '../../../shared/observability/logger';
import { parisMonth } from '../../../shared/sms/month';
import { defineUseCase, type UseCaseContext } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import { appUrlNow } from '../../notifications/app-url';
import type { Clock, IntakeRepository } from '../domain/intake.ports';
import type { Person } from '../domain/person.schema';
import {
  CODE_ATTEMPTS,
  CODE_MINUTES,
  INVITATION_SCOPE,
  type Invitation,
  InvitationRequestSchema,
  type PersonToken,
  type PersonTokenRequest,
  type RequestCodeInput,
} from '../domain/sign-in.schema';
import { intakeErrors } from '../errors';
import { PersonNoticeRequested } from '../events/intake.events';
import type { PersonNoticeStore } from '../store/person-notices.store';
import { type ContactKind, codeKey, contactValue, type SignInStore } from '../store/sign-in.store';
import type { IntakeUseCaseDeps } from './context';
import { accessTo } from './person-access';

const logger = createLogger('intake');

/** What signing the person in needs (ADR 0036); production wiring in handlers/sign-in.deps.ts. */
export interface SignInDeps {
  repository: IntakeRepository;
  store: SignInStore;
  /** The month's count of messages to persons (ADR 0033): a code is one of them. */
  notices: Pick<PersonNoticeStore, 'sentIn' | 'setSentIn'>;
  clock: Clock;
  linkSecret(): Promise<string>;
  rules(): { lockMinutes: number; codesPerHour: number; monthlyBudget: number };
  /** Her token: role `personne` and her person id only. */
  issueToken(personId: string): Promise<PersonToken>;
  /** Six digits, uniformly drawn. */
  newCode?: () => string;
  overBudget?: () => void;
}

export type TokenOutcome =
  | { kind: 'token'; token: PersonToken }
  | { kind: 'wrong-code'; attemptsLeft: number }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'invitation-invalid' };

const HOUR_MS = 3_600_000;

const contactOf = (input: { phone?: string; email?: string }): { kind: ContactKind; value: string } =>
  input.phone !== undefined ? { kind: 'phone', value: input.phone } : { kind: 'email', value: contactValue('email', input.email ?? '') };

/** The HMAC of a code, bound to its contact: the table never holds a code. */
const codeHash = (secret: string, kind: ContactKind, value: string, code: string) =>
  createHmac('sha256', secret)
    .update(`${codeKey(kind, value).pk}:${code}`)
    .digest('hex');

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Her record still holds this contact (a stale index entry, a changed phone: no). */
const holds = (person: Person | undefined, kind: ContactKind, value: string): person is Person =>
  !!person?.[kind] && contactValue(kind, person[kind] as string) === value;

const raced = () => kernelErrors.error('concurrent-write');

export function makeSignIn(deps: SignInDeps) {
  const { repository, store, clock } = deps;
  const newCode = deps.newCode ?? (() => String(randomInt(0, 1_000_000)).padStart(6, '0'));

  return {
    /**
     * `POST /api/me/person/code`. Always the same answer (202): whether a record has this contact
     * is never told. A code goes only when exactly one record holds the contact, the contact is
     * not waiting after wrong codes, fewer than `codesPerHour` were sent to it this hour and the
     * month's budget of messages to persons allows. The state is written in every case (the same
     * writes for a contact known or not).
     */
    async requestCode(input: RequestCodeInput, uow: UnitOfWork, correlationId?: string): Promise<void> {
      const { kind, value } = contactOf(input);
      const now = clock.now();
      const rules = deps.rules();
      const state = await store.codeState(kind, value);
      if (state?.lockedUntil && Date.parse(state.lockedUntil) > now.getTime()) return;
      const recent = (state?.sends ?? []).filter((at) => Date.parse(at) > now.getTime() - HOUR_MS);
      if (recent.length >= rules.codesPerHour) {
        logger.info('Code de connexion non envoyé : limite par heure atteinte pour ce contact', { kind });
        return;
      }
      const ids = await store.personsWithContact(kind, value);
      const person = ids.length === 1 ? await repository.getPerson(ids[0]!) : undefined;
      let personId: string | null = null;
      const code = newCode();
      if (holds(person, kind, value)) {
        const month = parisMonth(now);
        const sent = await deps.notices.sentIn(month);
        if (sent < rules.monthlyBudget) {
          deps.notices.setSentIn(uow, month, sent + 1, sent, raced);
          repository.publish(
            uow,
            PersonNoticeRequested.create(
              {
                kind: 'person.sign-in.code',
                channel: kind === 'phone' ? 'sms' : 'email',
                address: person[kind] as string,
                signIn: { code, minutes: CODE_MINUTES },
              },
              { correlationId, now },
            ),
          );
          personId = person.id;
        } else {
          deps.overBudget?.();
          logger.warn('Budget SMS du mois atteint : le code de connexion n’est pas envoyé', { month });
        }
      } else if (ids.length > 1) {
        // A phone shared by several records (a family): the code would not say whose file opens.
        logger.info('Code de connexion non envoyé : contact de plusieurs fiches', { kind });
      }
      const secret = await deps.linkSecret();
      store.saveCodeState(
        uow,
        kind,
        value,
        {
          personId,
          // A contact no single record has gets the hash of a code sent to no one: nothing opens.
          codeHash: codeHash(secret, kind, value, personId ? code : randomBytes(16).toString('hex')),
          codeExpiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(),
          attempts: state?.attempts ?? 0,
          sends: [...recent, now.toISOString()],
        },
        now,
      );
    },

    /**
     * `POST /api/me/person/token`. With a code: the try is counted first (atomically), then the
     * code is compared; right and in time → her token, the code is gone; wrong or expired → the
     * tries left; the 5th wrong one locks the contact for `lockMinutes` (no code sent nor tried),
     * told as a 429 with the delay. With an invitation: the signed token verified, then the
     * invitation deleted on the condition it is still there (single use).
     */
    async token(input: PersonTokenRequest): Promise<TokenOutcome> {
      const now = clock.now();
      const secret = await deps.linkSecret();
      if (input.invitation !== undefined) {
        const payload = verifyLink(input.invitation, INVITATION_SCOPE, secret, now);
        const used = payload ? await store.redeemInvitation(payload.audience) : undefined;
        if (!payload || !used || used.personId !== payload.subject) return { kind: 'invitation-invalid' };
        const person = await repository.getPerson(payload.subject);
        if (!person) return { kind: 'invitation-invalid' };
        return { kind: 'token', token: await deps.issueToken(person.id) };
      }
      const { kind, value } = contactOf(input);
      const rules = deps.rules();
      const locked = (until: string) => ({
        kind: 'locked' as const,
        retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000)),
      });
      const before = await store.codeState(kind, value);
      if (before?.lockedUntil && Date.parse(before.lockedUntil) > now.getTime()) return locked(before.lockedUntil);
      const state = await store.countAttempt(kind, value, now);
      if (state.lockedUntil && Date.parse(state.lockedUntil) > now.getTime()) return locked(state.lockedUntil);
      const right =
        state.personId !== null &&
        state.codeHash !== undefined &&
        state.codeExpiresAt !== undefined &&
        Date.parse(state.codeExpiresAt) > now.getTime() &&
        state.attempts <= CODE_ATTEMPTS &&
        sameHash(codeHash(secret, kind, value, input.code ?? ''), state.codeHash);
      if (right) {
        const person = await repository.getPerson(state.personId as string);
        if (holds(person, kind, value)) {
          await store.forget(kind, value);
          return { kind: 'token', token: await deps.issueToken(person.id) };
        }
      }
      const attemptsLeft = Math.max(0, CODE_ATTEMPTS - state.attempts);
      if (attemptsLeft === 0) {
        await store.lock(kind, value, new Date(now.getTime() + rules.lockMinutes * 60_000), now);
        logger.info('Contact bloqué après trop de codes faux', { kind });
      }
      return { kind: 'wrong-code', attemptsLeft };
    },
  };
}

/** What the invitation needs beyond intake's dependencies. */
export type InvitationDeps = IntakeUseCaseDeps & {
  signIn: Pick<SignInStore, 'saveInvitation'>;
  invitationHours(): number;
  newNonce?: () => string;
};

const INVITE_ROUTE = 'POST /api/persons/{id}/invitation';

/**
 * `POST /api/persons/{id}/invitation` (issue 15): a professional who reads the person's whole
 * file — never one who only sees that she exists, never on an exceptional access, never the
 * coordinator — gives her a single-use link to « Mon espace », valid `invitationHours`. Optionally
 * sent by SMS to the phone on her record (never to a number the caller types). Audited.
 * Unknown person → 404; refused → 403, decided before anything is written.
 */
export const InvitePerson = defineUseCase({
  name: 'intake.invitePerson',
  input: z.strictObject({ personId: IdSchema, request: InvitationRequestSchema }),
  action: 'person.invite',
  emits: [PersonNoticeRequested],
  async run({
    input,
    actor,
    uow,
    deps,
    now,
    emit,
  }: UseCaseContext<{ personId: string; request: { sendBySms?: boolean } }, InvitationDeps, Actor>): Promise<Invitation> {
    const person = await deps.repository.getPerson(input.personId);
    if (!person) throw intakeErrors.error('person.not-found');
    const { facts } = await accessTo(deps, actor, person);
    authorize('person.invite', actor, facts, intakeErrors.error('person.invite-forbidden'));
    if (input.request.sendBySms && (!person.phone || person.contactRefused)) throw intakeErrors.error('person.invite-no-phone');
    const nonce = deps.newNonce?.() ?? randomBytes(12).toString('base64url');
    const expiresAt = new Date(now.getTime() + deps.invitationHours() * HOUR_MS);
    const token = signLink(
      { scope: INVITATION_SCOPE, subject: person.id, audience: nonce, exp: Math.floor(expiresAt.getTime() / 1000) },
      await deps.linkSecret(),
    );
    deps.signIn.saveInvitation(uow, nonce, { personId: person.id, expiresAt: expiresAt.toISOString() });
    audit(uow, actor, { personId: person.id, action: 'create', route: INVITE_ROUTE, purpose: 'invitation-mon-espace' }, now);
    const sentBySms = input.request.sendBySms === true;
    if (sentBySms) {
      emit(PersonNoticeRequested, {
        kind: 'person.invitation',
        channel: 'sms',
        address: person.phone as string,
        invitation: { token, expiresAt: expiresAt.toISOString() },
      });
    }
    return { link: invitationAddress(token), expiresAt: expiresAt.toISOString(), sentBySms };
  },
});

export const invitationAddress = (token: string) => `${appUrlNow()}/mon-espace#/invitation/${token}`;
