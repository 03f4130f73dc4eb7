/** The parcours API's answers (services/parcours/domain/parcours.schema.ts). */
export type ParcoursStatus = 'active' | 'suspended' | 'closed';
export type ActionStatus = 'todo' | 'doing' | 'done';
export type Outcome = 'achieved' | 'partly' | 'not_achieved';

export interface Who {
  userId: string;
  name: string;
  organisationId: string | null;
}

export interface ParcoursMember {
  id: string;
  userId?: string;
  name: string;
  organisationId: string;
  role: string;
  since: string;
  until?: string;
  removedAt?: string;
  removalReason?: string;
}

export interface ParcoursAction {
  id: string;
  label: string;
  ownerMemberId: string;
  dueDate: string;
  status: ActionStatus;
  version: number;
  fromMeetingId?: string;
  remindedAt?: string;
}

export interface Goal {
  id: string;
  title: string;
  actions: ParcoursAction[];
}

export interface Meeting {
  id: string;
  date: string;
  personPresent: boolean;
  participants: string[];
  notes: string;
  decisions: Array<{ label: string; goalId?: string; actionId?: string }>;
  recordedBy: Who;
}

export interface JournalEntry {
  id: string;
  date: string;
  text: string;
  visibility: 'all' | 'referent';
  authorMemberId: string;
  author: Who;
  createdAt: string;
}

export interface Parcours {
  id: string;
  personId: string;
  status: ParcoursStatus;
  territoryId?: string;
  referentMemberId: string;
  referent: ParcoursMember;
  agreement: { date: string; method?: 'oral' | 'written' | 'digital'; recordedBy: Who; recordedAt: string };
  members: ParcoursMember[];
  goals: Goal[];
  meetings: Meeting[];
  journal: JournalEntry[];
  referentChanges: Array<{ at: string; reason: string; previousReferentMemberId: string; referentMemberId: string }>;
  statusChanges: Array<{ status: ParcoursStatus; at: string; by: Who; reason?: string }>;
  closing?: {
    reason: string;
    personView: string;
    goals: Array<{ goalId: string; outcome: Outcome; comment?: string }>;
    closedAt: string;
    closedBy: Who;
  };
  openedAt: string;
  version: number;
  you: { memberId: string; isReferent: boolean };
}

export interface ParcoursSummary {
  id: string;
  personId: string;
  status: ParcoursStatus;
  territoryId?: string;
  referent: { userId?: string; name: string; organisationId: string };
  memberCount: number;
  goalCount: number;
  openActions: number;
  overdueActions: number;
  openedAt: string;
  closedAt?: string;
}

export interface Territory {
  id: string;
  name: string;
  communeCodes: string[];
  referentDeployed: boolean;
  deployedOn?: string;
}

export const PARCOURS_STATUS_LABEL: Record<ParcoursStatus, string> = { active: 'En cours', suspended: 'Suspendu', closed: 'Clôturé' };
export const PARCOURS_STATUS_BADGE: Record<ParcoursStatus, string> = {
  active: 'badge--success',
  suspended: 'badge--warning',
  closed: 'badge--neutral',
};
export const ACTION_COLUMNS: ReadonlyArray<{ status: ActionStatus; label: string }> = [
  { status: 'todo', label: 'À faire' },
  { status: 'doing', label: 'En cours' },
  { status: 'done', label: 'Fait' },
];
export const OUTCOME_LABEL: Record<Outcome, string> = { achieved: 'Atteint', partly: 'Partiellement atteint', not_achieved: 'Non atteint' };

/** Today's date in Paris (`YYYY-MM-DD`): due dates are Paris dates. */
export const parisToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
