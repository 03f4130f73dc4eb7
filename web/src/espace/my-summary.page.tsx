import './espace-pages.css';
import './file-pages.css';
import { FileState } from './my-file.page';
import { ACTION_STATUS, frenchDate, frenchPhone, useMyFile } from './my-file';

/** « Mon résumé à imprimer »: one page — who helps her, her plan, where she is expected (print CSS). */
export function MySummaryPage({ token }: { token: string }) {
  const { file } = useMyFile(token);
  return (
    <div className="espace-page espace-summary">
      <FileState file={file}>
        {(data) => {
          const current = data.parcours.find((p) => p.status !== 'closed') ?? data.parcours[0];
          const referrals = data.referrals.filter((r) => ['sent', 'in_review', 'accepted'].includes(r.status));
          return (
            <>
              <h1>
                Mon résumé — {data.person.firstName} {data.person.lastName}
              </h1>
              <p className="espace-hint">Imprimé le {frenchDate(new Date().toISOString())}.</p>
              <button type="button" className="espace-button espace-no-print" onClick={() => window.print()}>
                Imprimer
              </button>
              {current ? (
                <section aria-labelledby="resume-referent">
                  <h2 id="resume-referent">Mon référent</h2>
                  <p>
                    {current.referent.name}, {current.referent.organisationName}
                    {current.referent.phone ? ` — ${frenchPhone(current.referent.phone)}` : ''}
                  </p>
                  <h2>Mon plan</h2>
                  <ul>
                    {current.goals.flatMap((g) =>
                      g.actions.map((a) => (
                        <li key={a.id}>
                          {a.label} — {a.owner}, avant le {frenchDate(a.dueDate)} ({ACTION_STATUS[a.status] ?? ''})
                        </li>
                      )),
                    )}
                  </ul>
                </section>
              ) : null}
              {referrals.length ? (
                <section aria-labelledby="resume-referrals">
                  <h2 id="resume-referrals">Où aller</h2>
                  <ul>
                    {referrals.map((r) => (
                      <li key={r.id}>
                        {r.organisationName}
                        {r.place?.address ? `, ${r.place.address}` : ''}
                        {r.place?.phone ? ` — ${frenchPhone(r.place.phone)}` : ''}
                        {r.place?.hours ? ` — ouvert ${r.place.hours}` : ''}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              {data.appointments.length ? (
                <section aria-labelledby="resume-appointments">
                  <h2 id="resume-appointments">Mes rendez-vous</h2>
                  <ul>
                    {data.appointments.map((a) => (
                      <li key={a.id}>
                        {frenchDate(a.start)}, {a.placeName} ({a.statusLabel})
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </>
          );
        }}
      </FileState>
    </div>
  );
}
