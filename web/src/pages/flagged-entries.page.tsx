/**
 * `#/informations-a-verifier` (coordination, issue 16 point 1, ADR 0032/0044): the entries past
 * due by more than 60 days, flagged « information à vérifier » on the public map — with their
 * organisation, last verification, days overdue and how to reach the partner. Never deleted:
 * the coordinator calls or writes, or launches a campaign.
 */
import { useApiQuery } from '../api/queries';
import type { FlaggedEntries } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice, Loading } from '../components/status';
import { TableRegion } from '../components/table-region';
import { formatDate, formatInteger, formatPhone } from '../labels';
import { hrefOf, links } from '../router';

type Entry = FlaggedEntries['items'][number];

function Channels({ entry }: { entry: Entry }) {
  const { email, sms, webhook } = entry.channels;
  if (!email && !sms && !webhook) return <>aucun canal : à joindre autrement</>;
  return (
    <ul className="plain-list">
      {email ? (
        <li>
          courriel : <a href={`mailto:${email}`}>{email}</a>
        </li>
      ) : null}
      {sms ? (
        <li>
          SMS : <a href={`tel:${sms}`}>{formatPhone(sms)}</a>
        </li>
      ) : null}
      {webhook ? <li>webhook</li> : null}
    </ul>
  );
}

export function FlaggedEntriesPage() {
  const { state } = useApiQuery<FlaggedEntries>('/api/directory/flagged');
  return (
    <>
      <PageHeading title="Informations à vérifier" />
      <p className="lead">
        Les lieux et services dont la vérification a plus de 60 jours de retard : la carte publique les signale « information à vérifier ».
        Ils ne sont jamais supprimés. Joignez le partenaire, ou lancez une <a href={hrefOf('campagnes')}>campagne de mise à jour</a>.
      </p>
      {state.status === 'loading' ? <Loading>Chargement des informations à vérifier…</Loading> : null}
      {state.status === 'failed' ? <ErrorNotice>{state.message}</ErrorNotice> : null}
      {state.status === 'ready' ? (
        state.value.items.length === 0 ? (
          <p className="notice notice--info" data-testid="flagged-none">
            Aucune information à vérifier : toutes les fiches ont été vérifiées il y a moins de 60 jours après leur échéance.
          </p>
        ) : (
          <TableRegion
            caption={`${formatInteger(state.value.items.length)} fiches à vérifier, de la plus en retard à la moins en retard`}
            columns={['Fiche', 'Structure', 'Vérifiée le', 'Retard', 'Joindre le partenaire']}
            testId="flagged"
          >
            {state.value.items.map((e) => (
              <tr key={`${e.kind}-${e.id}`} data-testid="flagged-entry" data-entry-id={e.id}>
                <th scope="row">
                  <a href={e.kind === 'site' ? links.site(e.id) : links.service(e.id)}>{e.name}</a>
                  <span className="hint"> ({e.kind === 'site' ? 'lieu' : 'service'})</span>
                </th>
                <td>
                  <a href={links.organisation(e.organisationId)}>{e.organisationName}</a>
                </td>
                <td>{formatDate(e.lastVerifiedAt.slice(0, 10))}</td>
                <td data-testid="days-overdue">{`${formatInteger(e.daysOverdue)} jours`}</td>
                <td>
                  <Channels entry={e} />
                </td>
              </tr>
            ))}
          </TableRegion>
        )
      ) : null}
    </>
  );
}
