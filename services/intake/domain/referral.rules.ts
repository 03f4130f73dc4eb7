import type {
  CloseOutcome,
  DeclineReasonCode,
  OfflineChannel,
  ReferralActor,
  ReferralAppointment,
  ReferralDelivery,
  ReferralHistoryEntry,
  ReferralStatus,
} from './referral.schema';
import { intakeErrors } from '../errors';

/** A referral as stored (the closed loop of DOMAIN rule 4). */
export interface Referral {
  id: string;
  status: ReferralStatus;
  fromOrganisationId: string;
  fromSiteId?: string;
  toOrganisationId: string;
  serviceId?: string;
  personId?: string;
  receptionId?: string;
  themes: string[];
  reason: string;
  urgency: 'normal' | 'urgent';
  liaisonNote: string;
  sentAt: string;
  expiresAt: string;
  reminderAt: string;
  reminderSentAt?: string;
  /** When the receiver accepted it: the delay to close it runs from then. */
  acceptedAt?: string;
  /** How the sender told a partner that no channel reaches (phone, print, mail), recorded as a channel. */
  offlineChannel?: OfflineChannel;
  /** Each channel the partner was told on and what became of it (reported by the notifications service). */
  deliveries?: ReferralDelivery[];
  /** Its appointments (ADR 0039): kept beside the referral, merged when it is read, never written with it. */
  appointments?: ReferralAppointment[];
  /** Self-booking links the person let expire unused (ADR 0039), merged when it is read. */
  unusedBookingLinks?: Array<{ siteId: string; issuedAt: string; expiresAt: string }>;
  /** Whom the partner contacts at the sender's (the agent who sent it): shown by the signed link. */
  senderContact?: { name: string; email?: string };
  history: ReferralHistoryEntry[];
  version: number;
  updatedAt: string;
}

/** What may follow each status; everything else is a 409. */
export const TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  sent: ['in_review', 'accepted', 'declined', 'expired', 'withdrawn'],
  in_review: ['accepted', 'declined', 'expired', 'withdrawn'],
  accepted: ['closed', 'expired'],
  declined: [],
  closed: [],
  expired: [],
  withdrawn: [],
};

/** Waiting for the receiver's answer: reminded, then expired, and the sender may withdraw it. */
export const PENDING_STATUSES: readonly ReferralStatus[] = ['sent', 'in_review'];
/** The referral has ended: nothing moves any more and its signed link answers 410. */
export const ENDED_STATUSES: readonly ReferralStatus[] = ['declined', 'closed', 'expired', 'withdrawn'];

export const isPending = (status: ReferralStatus): boolean => PENDING_STATUSES.includes(status);
export const hasEnded = (status: ReferralStatus): boolean => ENDED_STATUSES.includes(status);

/**
 * The statuses in which the holder of a signed link can still act on the referral (review,
 * accept, decline, then close it), and so sees the request, the liaison note and whom to
 * contact. Once the referral has ended the link answers 410 with whom to call.
 */
export function linkShowsDetails(status: ReferralStatus): boolean {
  return !hasEnded(status);
}

/** The receiver's moves (`review`, `accept`, `decline`, `close`) and the sender's (`withdraw`). */
export type ReferralAction = 'review' | 'accept' | 'decline' | 'close' | 'withdraw';
export type ReceiverAction = Exclude<ReferralAction, 'withdraw'>;
const TARGET: Record<ReferralAction, ReferralStatus> = {
  review: 'in_review',
  accept: 'accepted',
  decline: 'declined',
  close: 'closed',
  withdraw: 'withdrawn',
};

export const STATUS_LABEL: Record<ReferralStatus, string> = {
  sent: 'envoyée',
  in_review: 'en cours d’examen',
  accepted: 'acceptée',
  declined: 'refusée',
  closed: 'clôturée',
  expired: 'expirée',
  withdrawn: 'retirée',
};

export function canMove(from: ReferralStatus, to: ReferralStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface ActionNote {
  comment?: string;
  reason?: string;
  reasonCode?: DeclineReasonCode;
  outcome?: CloseOutcome;
}

/** The delays of the loop (intake.settings.ts), in days. */
export interface ReferralDelays {
  /** Day after sending on which an unanswered receiver is reminded (default 10). */
  reminderDay: number;
  /** Days after sending after which an unanswered referral expires (default 30). */
  expiryDays: number;
  /** Day after acceptance on which the receiver is reminded to close it (default 50). */
  acceptedReminderDay: number;
  /** Days after acceptance after which an accepted referral not closed expires (default 60). */
  acceptedExpiryDays: number;
}

export const DEFAULT_DELAYS: ReferralDelays = { reminderDay: 10, expiryDays: 30, acceptedReminderDay: 50, acceptedExpiryDays: 60 };

/**
 * The receiving organisation answers: `sent → in_review`, `sent | in_review → accepted | declined`,
 * `accepted → closed`; the sender withdraws `sent | in_review → withdrawn`. The change is appended
 * to the history with who and when; an acceptance restarts the deadlines (to close it). Any other
 * move is a 409 naming `status`.
 */
export function applyAction(
  referral: Referral,
  action: ReferralAction,
  by: ReferralActor,
  at: Date,
  note: ActionNote = {},
  delays: ReferralDelays = DEFAULT_DELAYS,
): Referral {
  const to = TARGET[action];
  if (!canMove(referral.status, to) || (action === 'review' && referral.status !== 'sent')) {
    throw intakeErrors.error('referral.already-answered', {
      params: { status: STATUS_LABEL[referral.status], target: STATUS_LABEL[to] },
      errors: [{ path: 'status', message: `Statut actuel : ${STATUS_LABEL[referral.status]}` }],
    });
  }
  const next = moved(referral, to, by, at, note);
  if (action !== 'accept') return next;
  const { reminderSentAt: _reminded, ...rest } = next;
  return { ...rest, acceptedAt: at.toISOString(), ...acceptedDeadlines(at, delays) };
}

function moved(referral: Referral, to: ReferralStatus, by: ReferralActor, at: Date, note: ActionNote): Referral {
  const iso = at.toISOString();
  const entry: ReferralHistoryEntry = { status: to, at: iso, by, ...withoutUndefined(note) };
  return { ...referral, status: to, history: [...referral.history, entry], version: referral.version + 1, updatedAt: iso };
}

function withoutUndefined(note: ActionNote): ActionNote {
  return Object.fromEntries(Object.entries(note).filter(([, v]) => v !== undefined)) as ActionNote;
}

const DAY = 86_400_000;
const after = (from: Date, days: number) => new Date(from.getTime() + days * DAY).toISOString();

/** Deadlines of a referral sent at `sentAt`: the reminder on `reminderDay` (before the expiry), the expiry after `expiryDays`. */
export function deadlines(sentAt: Date, delays: ReferralDelays | number): { expiresAt: string; reminderAt: string } {
  const d = typeof delays === 'number' ? { ...DEFAULT_DELAYS, expiryDays: delays } : delays;
  const reminderDay = d.reminderDay < d.expiryDays ? d.reminderDay : d.expiryDays / 2;
  return { expiresAt: after(sentAt, d.expiryDays), reminderAt: after(sentAt, reminderDay) };
}

/** Deadlines of a referral accepted at `acceptedAt`: reminded to close it, then expired if never closed. */
export function acceptedDeadlines(acceptedAt: Date, d: ReferralDelays): { expiresAt: string; reminderAt: string } {
  const reminderDay = d.acceptedReminderDay < d.acceptedExpiryDays ? d.acceptedReminderDay : d.acceptedExpiryDays / 2;
  return { expiresAt: after(acceptedAt, d.acceptedExpiryDays), reminderAt: after(acceptedAt, reminderDay) };
}

/** Statuses the deadline job watches: pending ones, and accepted ones not closed. */
const WATCHED: readonly ReferralStatus[] = ['sent', 'in_review', 'accepted'];

/** When the deadline job must next look at this referral (undefined: never again). */
export function nextDueAt(referral: Referral): string | undefined {
  if (!WATCHED.includes(referral.status)) return undefined;
  return referral.reminderSentAt ? referral.expiresAt : referral.reminderAt;
}

export const SYSTEM_ACTOR: ReferralActor = { userId: null, name: 'Relais', organisationId: null, organisationName: null, via: 'system' };

/**
 * What the deadline job does to a referral at `now`: pending (`sent`, `in_review`), remind the
 * receiver on the reminder day and expire it after the delay; accepted but not closed, the same
 * with the delays that run from the acceptance (reminding first if that was missed). Ended
 * referrals are left alone.
 */
export function deadlineSteps(referral: Referral, now: Date): { remind: boolean; expire: boolean } {
  if (!WATCHED.includes(referral.status)) return { remind: false, expire: false };
  const t = now.getTime();
  const expire = t >= Date.parse(referral.expiresAt);
  const remind = !referral.reminderSentAt && (expire || t >= Date.parse(referral.reminderAt));
  return { remind, expire };
}

export function markReminded(referral: Referral, at: Date): Referral {
  return { ...referral, reminderSentAt: at.toISOString(), version: referral.version + 1, updatedAt: at.toISOString() };
}

export function expire(referral: Referral, at: Date): Referral {
  if (!canMove(referral.status, 'expired')) throw intakeErrors.error('referral.no-longer-awaiting');
  return moved(referral, 'expired', SYSTEM_ACTOR, at, {});
}
