/**
 * `#/parcours/nouveau?personne=<id>`: a social worker opens a parcours for a person who chose
 * them as référent (DOMAIN rule 3). Both agreements — the référent chosen by the person, the
 * sharing among the members accepted — are recorded with their date and how they were given;
 * without them the API refuses (422) and the page says why.
 */
import { OpenParcoursSchema } from '../../../services/parcours/domain/parcours.schema';
import { useApiQuery, useCreate } from '../api/queries';
import { useAuth } from '../auth/auth-context';
import { FormActions, FormCheckbox, FormFrame, FormSelect, FormText, useApiForm } from '../components/api-form';
import { Fieldset } from '../components/form';
import { useFormDraft } from '../components/form-draft';
import { PageHeading } from '../components/page-heading';
import { Refusal } from '../components/refusal';
import { CONSENT_METHODS } from '../labels';
import { type Parcours, parisToday, type Territory } from '../parcours/parcours-types';
import { links, navigate } from '../router';
import { PersonName } from './my-parcours.page';

interface Draft {
  agreement: { referentChosenByPerson: boolean; sharingAccepted: boolean; date: string; method: string };
  territory: string;
}

const LABELS = {
  agreement: 'Accord de la personne',
  'agreement.referentChosenByPerson': 'Choix du référent',
  'agreement.sharingAccepted': 'Partage entre les membres',
  'agreement.date': 'Date de l’accord',
  territory: 'Territoire',
};

export function OpenParcoursPage({ personId }: { personId?: string }) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { state: territories } = useApiQuery<{ items: Territory[] }>('/api/territories');
  const write = useCreate<Record<string, unknown>, Parcours>('/api/parcours', {
    onSuccess: (opened) => {
      kept.clear();
      navigate(links.parcours(opened.id) as `#/${string}`);
    },
  });
  const toBody = ({ agreement, territory }: Draft) => ({
    personId,
    referentUserId: me?.id,
    agreement,
    ...(territory ? { territory } : {}),
  });
  const { form, submit, problem } = useApiForm<Draft, unknown>({
    defaultValues: {
      agreement: { referentChosenByPerson: false, sharingAccepted: false, date: parisToday(), method: 'oral' },
      territory: '',
    },
    toBody,
    schema: OpenParcoursSchema,
    write,
  });
  const kept = useFormDraft(personId ? `parcours:nouveau:${personId}` : null, form);

  if (!personId) return <Refusal title="Ouvrir un parcours">Ouvrez le parcours depuis la fiche de la personne.</Refusal>;
  if (!me?.roles.includes('travailleur_social')) {
    return (
      <Refusal title="Ouvrir un parcours">Seul un travailleur social, choisi comme référent par la personne, ouvre un parcours.</Refusal>
    );
  }

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
      <FormFrame
        form={form}
        onSubmit={submit(() => write.busy || write.run(toBody(form.getValues())))}
        problem={problem}
        labels={LABELS}
        draft={kept}
        className="form"
      >
        <Fieldset legend="L’accord de la personne">
          <FormCheckbox name="agreement.referentChosenByPerson" label="La personne m’a choisi comme référent" />
          <FormCheckbox
            name="agreement.sharingAccepted"
            label="La personne accepte le partage d’informations entre les membres du parcours"
          />
          <FormText name="agreement.date" label="Date de l’accord" type="date" required />
          <FormSelect name="agreement.method" label="Comment l’accord a été donné" options={CONSENT_METHODS} />
        </Fieldset>
        <FormSelect
          name="territory"
          label="Territoire"
          hint="Le territoire d’action sociale où vit la personne."
          placeholder="Non précisé"
          options={territories.status === 'ready' ? territories.value.items.map((t) => [t.id, t.name] as const) : []}
        />
        <FormActions busy={write.busy} label="Ouvrir le parcours" busyLabel="Ouverture…">
          <a href={links.person(personId)}>Annuler</a>
        </FormActions>
      </FormFrame>
    </>
  );
}
