/**
 * The organisation form's « Prise de rendez-vous » (ADR 0042), apart from React: the book as the
 * form holds it and as the API takes it. The choice is the coordination's (`directory.governance`):
 * a form that does not offer it (a partner's own entry) holds `kind: ''` and never sends it, so
 * the API has nothing to refuse. The API key is never typed: only the name of the secret that
 * holds it.
 */
import type { AppointmentBookChoice } from '../../../services/directory/domain/directory.schema';

export type BookKind = AppointmentBookChoice['kind'];

export interface BookDraft {
  /** `''`: the form does not offer the choice. */
  kind: '' | BookKind;
  baseUrl: string;
  organisationRef: string;
  tokenSecretName: string;
}

export const BOOK_OPTIONS: ReadonlyArray<readonly [BookKind, string]> = [
  ['relais', 'Agenda Relais (intégré)'],
  ['rdv-service-public', 'RDV-Service-Public'],
];

/** The form's values for the organisation's book; none chosen is Relais' own. */
export function bookDraftOf(book: AppointmentBookChoice | undefined, offered: boolean): BookDraft {
  const external = book?.kind === 'rdv-service-public' ? book : undefined;
  return {
    kind: offered ? (book?.kind ?? 'relais') : '',
    baseUrl: external?.baseUrl ?? '',
    organisationRef: external?.organisationRef ?? '',
    tokenSecretName: external?.tokenSecretName ?? '',
  };
}

/**
 * The book as the API takes it. Relais' own, on an edit: `null`, which clears the choice (the
 * API's documented way back to the built-in book; the organisation then reads without a book).
 * On a creation it is left out (the create body takes no `null`). Not offered: left out.
 * The form's PATCH carries only what changed (`changedFields`), so an edit that leaves the
 * choice as it was sends nothing of it.
 */
export function bookBodyOf(draft: BookDraft | undefined, editing: boolean): AppointmentBookChoice | null | undefined {
  if (!draft?.kind) return undefined;
  if (draft.kind === 'relais') return editing ? null : undefined;
  return {
    kind: 'rdv-service-public',
    baseUrl: draft.baseUrl.trim(),
    organisationRef: draft.organisationRef.trim(),
    tokenSecretName: draft.tokenSecretName.trim(),
  };
}

/** The book as the organisation's page names it: Relais' own when none is chosen. */
export function bookLabelOf(book: AppointmentBookChoice | null | undefined): string {
  if (book?.kind !== 'rdv-service-public') return 'Agenda Relais (intégré)';
  let host = book.baseUrl;
  try {
    host = new URL(book.baseUrl).host;
  } catch {
    // shown as stored
  }
  return `RDV-Service-Public (${host})`;
}
