/**
 * `#/personnes`: find a person's record (accents and case aside), or create one. Creating here
 * leads to the new record; from the reception form, the person is chosen in place.
 */
import { useState } from 'react';
import type { Person, PersonCandidate } from '../api/types';
import { setFlash } from '../components/flash';
import { PageHeading } from '../components/page-heading';
import { IdentityRequests } from '../intake/identity-requests';
import { PersonForm } from '../intake/person-form';
import { PersonSearch } from '../intake/person-search';
import { personName } from '../labels';
import { links, navigate } from '../router';

export function PersonsPage() {
  const [creating, setCreating] = useState(false);
  const [typed, setTyped] = useState('');

  const open = (person: PersonCandidate | Person, created: boolean) => {
    const href = links.person(person.id);
    if (created) setFlash(href, 'La fiche de la personne a été créée.');
    navigate(href as `#/${string}`);
  };

  return (
    <>
      <PageHeading title="Personnes" />
      <p className="lead">Chaque consultation d’une fiche est tracée (qui, quand, pourquoi).</p>
      {creating ? (
        <form className="record-form" onSubmit={(event) => event.preventDefault()} noValidate>
          <PersonForm initialName={typed} onChosen={open} onCancel={() => setCreating(false)} />
        </form>
      ) : (
        <>
          <PersonSearch
            onTextChange={setTyped}
            action={(person) => (
              <a className="button button--secondary" href={links.person(person.id)}>
                Ouvrir la fiche de {personName(person)}
              </a>
            )}
          />
          <p>
            <button type="button" className="button button--secondary" onClick={() => setCreating(true)}>
              Nouvelle personne
            </button>
          </p>
        </>
      )}
      <IdentityRequests />
    </>
  );
}
