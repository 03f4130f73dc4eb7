/** The parcours API's answers: the types of its schemas (services/parcours/domain/parcours.schema.ts), never typed again. */
import type * as z from 'zod';
import type { ActionStatus, Outcome, ParcoursStatus, ParcoursViewSchema } from '../../../services/parcours/domain/parcours.schema';
import { parisDay } from '../labels';

export type {
  Action as ParcoursAction,
  ActionStatus,
  Goal,
  JournalEntry,
  Meeting,
  Member as ParcoursMember,
  Outcome,
  ParcoursStatus,
  ParcoursSummary,
  Territory,
  Who,
} from '../../../services/parcours/domain/parcours.schema';
export type Parcours = z.infer<typeof ParcoursViewSchema>;

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
export const parisToday = (): string => parisDay();
