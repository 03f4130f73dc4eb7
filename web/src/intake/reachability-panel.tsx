/**
 * The referral form's reachability panel (issue 14): for the chosen organisation, how Relais
 * will tell it (e-mail, SMS, webhook, its agents' accounts); when nothing reaches it, a warning
 * and the sender's explicit choice of how she tells it herself (`offlineChannel`), without which
 * the API refuses the referral (422 naming `toOrganisationId`).
 */
import { useApiQuery } from '../api/queries';
import { FormRadios } from '../components/api-form';
import { Loading } from '../components/status';
import { channelLabel } from './referral-parts';

interface Reachability {
  organisationId: string;
  reachable: boolean;
  channels: string[];
}

export const OFFLINE_CHANNELS: ReadonlyArray<readonly ['phone' | 'print' | 'mail', string]> = [
  ['phone', 'Je la préviens par téléphone'],
  ['print', 'J’imprime la fiche de liaison et la lui remets'],
  ['mail', 'Je lui envoie la fiche par courrier'],
];

export function ReachabilityPanel({ organisationId }: { organisationId: string }) {
  const { state } = useApiQuery<Reachability>(`/api/organisations/${organisationId}/reachability`);
  if (state.status === 'loading') return <Loading>Comment cette structure sera prévenue…</Loading>;
  if (state.status !== 'ready') return null;
  const reach = state.value;
  if (reach.reachable) {
    return (
      <div className="notice notice--info" data-testid="reachability">
        <p>Relais préviendra cette structure par : {reach.channels.map((c) => channelLabel(c).toLocaleLowerCase('fr')).join(', ')}.</p>
      </div>
    );
  }
  return (
    <div className="notice notice--warning" data-testid="reachability">
      <p>
        <strong>Relais ne peut prévenir cette structure par aucun moyen</strong> (ni e-mail, ni SMS, ni webhook, ni compte). Dites
        comment vous la prévenez vous-même : sans ce choix, l’orientation ne sera pas envoyée.
      </p>
      <FormRadios name="offlineChannel" legend="Comment je la préviens" options={OFFLINE_CHANNELS} />
    </div>
  );
}
