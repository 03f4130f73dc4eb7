import { ofName } from '../../../shared/text/french';
import { formatDate, formatDateTime } from '../labels';
import { PersonNameText, type usePersonName } from '../pages/my-parcours.page';
import { ACTION_COLUMNS, type Parcours, parisToday } from './parcours-types';
import { memberLabel, ownerLabel } from './parts';

/** The printable plan (print stylesheet only): what was agreed, for the person to keep. */
export function PrintablePlan({
  p,
  person,
  organisationName,
  territory,
}: {
  p: Parcours;
  person: ReturnType<typeof usePersonName>;
  organisationName: (id: string) => string;
  territory?: string;
}) {
  const members = new Map(p.members.map((m) => [m.id, m]));
  return (
    <section className="print-plan print-only" data-testid="printable-plan">
      <h2>
        {person.name ? (
          `Plan d’accompagnement ${ofName(person.name)}`
        ) : (
          <>
            Plan d’accompagnement de <PersonNameText person={person} />
          </>
        )}
      </h2>
      <p>
        Référent : {p.referent.name}, {p.referent.role} — {organisationName(p.referent.organisationId)}
        {territory ? ` — ${territory}` : ''}
      </p>
      <p>
        Parcours ouvert le {formatDateTime(p.openedAt)}, avec votre accord du {formatDate(p.agreement.date)}. Plan imprimé le{' '}
        {formatDate(parisToday())}.
      </p>
      {p.goals.map((goal) => (
        <div key={goal.id} className="print-plan__goal">
          <h3>{goal.title}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Qui</th>
                <th scope="col">Pour le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {goal.actions.map((a) => (
                <tr key={a.id}>
                  <td>{a.label}</td>
                  <td>{ownerLabel(a.ownerMemberId, members, organisationName)}</td>
                  <td>{formatDate(a.dueDate)}</td>
                  <td>{ACTION_COLUMNS.find((c) => c.status === a.status)?.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <h3>Les professionnels qui vous accompagnent</h3>
      <ul>
        {p.members
          .filter((m) => !m.removedAt)
          .map((m) => (
            <li key={m.id}>{memberLabel(m, organisationName)}</li>
          ))}
      </ul>
      <p>Vous pouvez demander à tout moment à changer de référent.</p>
    </section>
  );
}
