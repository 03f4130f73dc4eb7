/**
 * Finding a person by the start of a name, accents and case aside (« delp » finds Delpérié),
 * optionally with the birth date. Results come as the agent types; each says whether the
 * person's history is shared with the agent's organisation. Every result shown is an audited
 * read: the search starts at two letters, and only the first page is shown.
 */
import { useApiQuery } from '../api/queries';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { query } from '../api/http';
import type { Page, PersonSearchItem } from '../api/types';
import { birthLabel, personName } from '../labels';

const DELAY_MS = 300;

export function SharingBadge({ sharing }: { sharing: 'full' | 'restricted' }) {
  return sharing === 'full' ? (
    <span className="badge badge--success">Historique visible</span>
  ) : (
    <span className="badge badge--neutral">Historique non partagé</span>
  );
}

export function PersonSearch({
  action,
  onTextChange,
  autoFocus = false,
}: {
  /** What each result offers: a « Choisir » button, or a link to the person's page. */
  action: (person: PersonSearchItem) => ReactNode;
  onTextChange?: (text: string) => void;
  autoFocus?: boolean;
}) {
  const uid = useId();
  const [text, setText] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const resultsRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  // The search waits for the agent to pause, and for two letters at least.
  const [searched, setSearched] = useState<string | null>(null);
  useEffect(() => {
    const q = text.trim();
    const letters = q.normalize('NFD').replace(/[^\p{L}]/gu, '');
    if (letters.length < 2) {
      setSearched(null);
      return;
    }
    const timer = window.setTimeout(
      () => setSearched(`/api/persons${query({ q, birthDate: birthDate || undefined, limit: 20 })}`),
      DELAY_MS,
    );
    return () => window.clearTimeout(timer);
  }, [text, birthDate]);
  const { state: found } = useApiQuery<Page<PersonSearchItem>>(searched);
  const state =
    searched === null
      ? ({ status: 'idle' } as const)
      : found.status === 'ready'
        ? ({ status: 'ready', items: found.value.items, more: found.value.nextCursor !== null } as const)
        : found;

  /** Enter goes to the first result rather than sending the form around. */
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    resultsRef.current?.querySelector<HTMLElement>('button, a')?.focus();
  };

  const status =
    state.status === 'ready'
      ? state.items.length === 0
        ? 'Aucune personne trouvée.'
        : `${state.items.length}${state.more ? ' premières' : ''} personne${state.items.length > 1 ? 's trouvées' : ' trouvée'}.`
      : state.status === 'loading'
        ? 'Recherche…'
        : '';

  return (
    <div className="person-search" data-testid="person-search">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-q`}>Nom ou prénom</label>
          <span className="hint" id={`${uid}-q-aide`}>
            Au moins 2 lettres ; les accents et les majuscules ne comptent pas. Entrée : aller aux résultats.
          </span>
          <input
            ref={inputRef}
            id={`${uid}-q`}
            type="search"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${uid}-q-aide`}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              onTextChange?.(event.target.value);
            }}
            onKeyDown={onKeyDown}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-naissance`}>Date de naissance</label>
          <span className="hint">Facultatif : pour distinguer des homonymes.</span>
          <input id={`${uid}-naissance`} type="date" value={birthDate} onChange={(event) => setBirthDate(event.target.value)} />
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {state.status === 'failed' ? (
        <p className="notice notice--error" role="alert">
          La recherche a échoué : {state.message}
        </p>
      ) : null}
      {state.status === 'ready' && state.items.length === 0 ? <p className="muted">Aucune personne trouvée.</p> : null}
      {state.status === 'ready' && state.items.length > 0 ? (
        <>
          <ul className="person-results" ref={resultsRef} aria-label="Personnes trouvées" data-testid="person-results">
            {state.items.map((person) => (
              <li key={person.id} className="person-result" data-testid="person-result">
                <span className="person-result__name">{personName(person)}</span>
                <span className="person-result__meta">
                  {birthLabel(person.birthDate)}
                  {person.communeCode ? ` · commune ${person.communeCode}` : ''} <SharingBadge sharing={person.sharing} />
                </span>
                {action(person)}
              </li>
            ))}
          </ul>
          {state.more ? <p className="hint">D’autres personnes correspondent : précisez le nom ou la date de naissance.</p> : null}
        </>
      ) : null}
    </div>
  );
}
