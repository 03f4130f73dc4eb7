/**
 * « Visible par la personne » on a note of the journal (issue 15 point 6, ADR 0037): the note's
 * author or the référent shows it to the person in her space, or hides it again, through
 * `PATCH /api/parcours/{id}/journal/{entryId}`. Setting a flag to a value is idempotent: the same
 * request sent again changes nothing. A note kept for the référent alone cannot be shown to her
 * (the server refuses it), so the button is not offered then. The button keeps one name; its
 * state is `aria-pressed` (the WAI-ARIA toggle button pattern).
 */
import { useApiMutation } from '../api/queries';
import type { Parcours } from './parcours-types';

type Entry = Parcours['journal'][number];

/** Whether the route would let the reader change this note's visibility (author or référent). */
export function mayToggleJournalEntry(p: Pick<Parcours, 'you'>, e: Entry): boolean {
  if (e.authorMemberId !== p.you.memberId && !p.you.isReferent) return false;
  return e.visibility !== 'referent' || Boolean(e.visibleToPerson);
}

export function JournalVisibilityToggle({
  parcoursId,
  entry,
  onDone,
  onRefused,
}: {
  parcoursId: string;
  entry: Entry;
  onDone: (message: string) => void;
  onRefused: (error: unknown) => boolean;
}) {
  const visible = Boolean(entry.visibleToPerson);
  const write = useApiMutation(
    (api, visibleToPerson: boolean) => api.patch<Entry>(`/api/parcours/${parcoursId}/journal/${entry.id}`, { visibleToPerson }),
    {
      onSuccess: (_answer, shown) =>
        onDone(shown ? 'La note est maintenant visible par la personne.' : 'La note n’est plus montrée à la personne.'),
      handles: onRefused,
    },
  );
  return (
    <button
      type="button"
      className="button button--tertiary"
      aria-pressed={visible}
      disabled={write.busy}
      onClick={() => write.run(!visible)}
      data-testid={`journal-visibility-${entry.id}`}
    >
      {/* One fixed name; `aria-pressed` says whether it is on (a name that changes with the state
          would be read as « pressed » twice over by a screen reader). */}
      Montrer à la personne
    </button>
  );
}
