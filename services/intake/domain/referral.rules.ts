import type { DeclineReasonCode, ReferralActor, ReferralHistoryEntry, ReferralStatus } from './referral.schema';
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
  history: ReferralHistoryEntry[];
  version: number;
  updatedAt: string;
}

/** What may follow each status; everything else is a 409. */
export const TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  sent: ['accepted', 'declined', 'expired'],
  accepted: ['closed'],
  declined: [],
  closed: [],
  expired: [],
};

/**
 * The statuses in which the holder of a signed link can still act on the referral (accept or
 * decline it: there is no closing by link), and so sees the request, the liaison note and the
 * person's names. In every other status the link shows the status only.
 */
export const LINK_ACTIONABLE_STATUSES: readonly ReferralStatus[] = ['sent'];

export function linkShowsDetails(status: ReferralStatus): boolean {
  return LINK_ACTIONABLE_STATUSES.includes(status);
}

export type ReferralAction = 'accept' | 'decline' | 'close';
const TARGET: Record<ReferralAction, ReferralStatus> = { accept: 'accepted', decline: 'declined', close: 'closed' };

const STATUS_LABEL: Record<ReferralStatus, string> = {
  sent: 'envoyée',
  accepted: 'acceptée',
  declined: 'refusée',
  closed: 'clôturée',
  expired: 'expirée',
};

export function canMove(from: ReferralStatus, to: ReferralStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface ActionNote {
  comment?: string;
  reason?: string;
  reasonCode?: DeclineReasonCode;
  outcome?: string;
}

/**
 * The receiving organisation answers: `sent → accepted | declined`, `accepted → closed`. The
 * change is appended to the history with who and when. Any other move is a 409.
 */
export function applyAction(referral: Referral, action: ReferralAction, by: ReferralActor, at: Date, note: ActionNote = {}): Referral {
  const to = TARGET[action];
  if (!canMove(referral.status, to)) {
    throw intakeErrors.error('referral.already-answered', {
      params: { status: STATUS_LABEL[referral.status], target: STATUS_LABEL[to] },
      errors: [{ path: 'status', message: `Statut actuel : ${STATUS_LABEL[referral.status]}` }],
    });
  }
  return moved(referral, to, by, at, note);
}

function moved(referral: Referral, to: ReferralStatus, by: ReferralActor, at: Date, note: ActionNote): Referral {
  const iso = at.toISOString();
  const entry: ReferralHistoryEntry = { status: to, at: iso, by, ...withoutUndefined(note) };
  return { ...referral, status: to, history: [...referral.history, entry], version: referral.version + 1, updatedAt: iso };
}

function withoutUndefined(note: ActionNote): ActionNote {
  return Object.fromEntries(Object.entries(note).filter(([, v]) => v !== undefined)) as ActionNote;
}

/** Deadlines of a referral sent at `sentAt`: expiry after `days`, reminder at half of it. */
export function deadlines(sentAt: Date, days: number): { expiresAt: string; reminderAt: string } {
  const delay = days * 86_400_000;
  return {
    expiresAt: new Date(sentAt.getTime() + delay).toISOString(),
    reminderAt: new Date(sentAt.getTime() + delay / 2).toISOString(),
  };
}

/** When the deadline job must next look at this referral (undefined: never again). */
export function nextDueAt(referral: Referral): string | undefined {
  if (referral.status !== 'sent') return undefined;
  return referral.reminderSentAt ? referral.expiresAt : referral.reminderAt;
}

export const SYSTEM_ACTOR: ReferralActor = { userId: null, name: 'Relais', organisationId: null, organisationName: null, via: 'system' };

/**
 * What the deadline job does to an unanswered referral at `now`: remind the partner once the
 * half-delay has passed, expire it once the delay has passed (reminding first if that was
 * missed). Answered referrals are left alone.
 */
export function deadlineSteps(referral: Referral, now: Date): { remind: boolean; expire: boolean } {
  if (referral.status !== 'sent') return { remind: false, expire: false };
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
