/**
 * `#/parcours/nouveau?personne=<id>`: a social worker opens a parcours for a person who chose
 * them as référent (DOMAIN rule 3). Both agreements — the référent chosen by the person, the
 * sharing among the members accepted — are recorded with their date and how they were given;
 * without them the API refuses (422) and the page says why.
 */
import { type FormEvent, useId, useState } from 'react';
import { useApiQuery, useCreate } from '../api/queries';
import { useAuth } from '../auth/auth-context';
import { CheckboxField, ProblemSummary, SelectField, TextField } from '../components/form';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice } from '../components/status';
import { CONSENT_METHODS } from '../labels';
import { type Parcours, parisToday, type Territory } from '../parcours/parcours-types';
import { links, navigate } from '../router';
import { PersonName } from './my-parcours.page';

export function OpenParcoursPage({ personId }: { personId?: string }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { state: territories } = useApiQuery<{ items: Territory[] }>('/api/territories');
  const [chosen, setChosen] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [date, setDate] = useState(parisToday());
  const [method, setMethod] = useState('oral');
  const [territory, setTerritory] = useState('');
  const { run, busy, problem, errorOf } = useCreate<Record<string, unknown>, Parcours>('/api/parcours', {
    onSuccess: (opened) => navigate(links.parcours(opened.id) as `#/${string}`),
  });
  const formId = useId();

  if (!personId) {
    return (
      <>
        <PageHeading title="Ouvrir un parcours" />
        <ErrorNotice>Ouvrez le parcours depuis la fiche de la personne.</ErrorNotice>
      </>
    );
  }
  if (!me?.roles.includes('travailleur_social')) {
    return (
      <>
        <PageHeading title="Ouvrir un parcours" />
        <ErrorNotice>Seul un travailleur social, choisi comme référent par la personne, ouvre un parcours.</ErrorNotice>
      </>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    run({
      personId,
      referentUserId: me.id,
      agreement: { referentChosenByPerson: chosen, sharingAccepted: sharing, date, method },
      ...(territory ? { territory } : {}),
    });
  };

  return (
    <>
      <p className="breadcrumb">
        <a href={links.person(personId)}>
          <PersonName personId={personId} />
        </a>{' '}
        › Ouvrir un parcours
      </p>
      <PageHeading title="Ouvrir un parcours" />
      <p>
        Vous serez le référent du parcours : la personne vous a choisi pour coordonner les professionnels qui l’accompagnent. Elle doit
        aussi accepter que les membres du parcours partagent ce qui la concerne.
      </p>
      <form id={formId} onSubmit={submit} noValidate className="form">
        <ProblemSummary
          problem={problem}
          labels={{
            agreement: 'Accord de la personne',
            'agreement.referentChosenByPerson': 'Choix du référent',
            'agreement.sharingAccepted': 'Partage entre les membres',
            'agreement.date': 'Date de l’accord',
            territory: 'Territoire',
          }}
        />
        <fieldset className="fieldset">
          <legend>L’accord de la personne</legend>
          <CheckboxField
            path="agreement.referentChosenByPerson"
            label="La personne m’a choisi comme référent"
            checked={chosen}
            onChange={setChosen}
            error={errorOf('agreement.referentChosenByPerson')}
          />
          <CheckboxField
            path="agreement.sharingAccepted"
            label="La personne accepte le partage d’informations entre les membres du parcours"
            checked={sharing}
            onChange={setSharing}
            error={errorOf('agreement.sharingAccepted')}
          />
          <TextField
            path="agreement.date"
            label="Date de l’accord"
            type="date"
            value={date}
            onChange={setDate}
            required
            error={errorOf('agreement.date')}
          />
          <SelectField
            path="agreement.method"
            label="Comment l’accord a été donné"
            value={method}
            onChange={setMethod}
            options={CONSENT_METHODS}
          />
        </fieldset>
        <SelectField
          path="territory"
          label="Territoire"
          hint="Le territoire d’action sociale où vit la personne."
          value={territory}
          onChange={setTerritory}
          placeholder="Non précisé"
          options={territories.status === 'ready' ? territories.value.items.map((t) => [t.id, t.name] as const) : []}
          error={errorOf('territory')}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Ouverture…' : 'Ouvrir le parcours'}
          </button>
          <a href={links.person(personId)}>Annuler</a>
        </div>
      </form>
    </>
  );
}
