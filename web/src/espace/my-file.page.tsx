import type { ReactNode } from 'react';
import './espace-pages.css';
import './file-pages.css';
import { CommentForm } from './comment-form';
import { ACTION_STATUS, type MyFile, type MyParcours, PARCOURS_STATUS, frenchDate, frenchPhone, useMyFile } from './my-file';

/** Waiting, failed, or her file. */
export function FileState({ file, children }: { file: ReturnType<typeof useMyFile>['file']; children: (data: MyFile) => ReactNode }) {
  if (file.state === 'loading') return <p role="status">Chargement de votre dossier…</p>;
  if (file.state === 'error') return <p role="alert">Votre dossier n’a pas pu être chargé : {file.message}</p>;
  return <>{children(file.data)}</>;
}

function Phone({ value }: { value: string }) {
  return (
    <a className="espace-phone" href={`tel:${value}`}>
      {frenchPhone(value)}
    </a>
  );
}

function Receptions({ items }: { items: MyFile['receptions'] }) {
  return (
    <section aria-labelledby="espace-receptions">
      <h2 id="espace-receptions">Mes accueils</h2>
      {items.length === 0 ? <p>Vous n’avez pas encore été accueillie.</p> : null}
      <ul className="espace-cards">
        {items.map((r) => (
          <li key={r.id} className="espace-card">
            <h3>
              Le {frenchDate(r.date)}, à {r.place}
            </h3>
            {r.themes.length ? <p>Pour : {r.themes.join(', ')}.</p> : null}
            {r.informationGiven ? <p>Ce qu’on vous a dit : {r.informationGiven}</p> : null}
            {r.summary ? <p>Ce que le professionnel a écrit : {r.summary}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Referrals({ items }: { items: MyFile['referrals'] }) {
  return (
    <section aria-labelledby="espace-referrals">
      <h2 id="espace-referrals">Où l’on vous a orientée</h2>
      {items.length === 0 ? <p>Aucune orientation.</p> : null}
      <ul className="espace-cards">
        {items.map((r) => (
          <li key={r.id} className="espace-card">
            <h3>{r.organisationName}</h3>
            <p>
              Envoyée le {frenchDate(r.sentAt)}. Où en est-elle : <strong>{r.statusLabel}</strong>.
            </p>
            {r.place?.address ? (
              <p>
                Adresse : {r.place.address}
                {r.place.postalCode && !r.place.address.includes(r.place.postalCode) ? ` ${r.place.postalCode}` : ''}
              </p>
            ) : null}
            {r.place?.phone ? (
              <p>
                Téléphone : <Phone value={r.place.phone} />
              </p>
            ) : null}
            {r.place?.hours ? <p>Ouvert : {r.place.hours}.</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Parcours({ p, token, reload }: { p: MyParcours; token: string; reload: () => void }) {
  const open = p.status !== 'closed';
  const commentsOn = (goalId?: string, actionId?: string) =>
    p.comments.filter((c) => (actionId ? c.actionId === actionId : goalId ? c.goalId === goalId && !c.actionId : !c.goalId));
  const Comments = ({ goalId, actionId }: { goalId?: string; actionId?: string }) => {
    const list = commentsOn(goalId, actionId);
    return list.length ? (
      <ul className="espace-comments" aria-label="Vos commentaires">
        {list.map((c) => (
          <li key={c.id}>
            Vous avez écrit le {frenchDate(c.createdAt)} : « {c.text} »
          </li>
        ))}
      </ul>
    ) : null;
  };
  return (
    <article className="espace-card" aria-labelledby={`parcours-${p.id}`}>
      <h3 id={`parcours-${p.id}`}>
        Mon parcours — {PARCOURS_STATUS[p.status]} (depuis le {frenchDate(p.openedAt)})
      </h3>
      <h4>Mon référent</h4>
      <p>
        {p.referent.name}, {p.referent.role ? `${p.referent.role}, ` : ''}
        {p.referent.organisationName}
      </p>
      {p.referent.phone ? (
        <p>
          Téléphone : <Phone value={p.referent.phone} />
        </p>
      ) : null}
      {p.referent.address ? <p>Adresse : {p.referent.address}</p> : null}
      {p.members.length > 1 ? (
        <>
          <h4>Les personnes qui m’aident</h4>
          <ul>
            {p.members.map((m) => (
              <li key={`${m.name}-${m.organisationName}`}>
                {m.name} ({m.organisationName})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>Mon plan</h4>
      {p.goals.length === 0 ? <p>Le plan n’a pas encore d’objectif.</p> : null}
      {p.goals.map((g) => (
        <div key={g.id} className="espace-goal">
          <h5>Objectif : {g.title}</h5>
          <Comments goalId={g.id} />
          {open ? <CommentForm token={token} parcoursId={p.id} goalId={g.id} about={`l’objectif « ${g.title} »`} onSent={reload} /> : null}
          <ul className="espace-actions-list">
            {g.actions.map((a) => (
              <li key={a.id}>
                <p>
                  <strong>{a.label}</strong>
                </p>
                <p>
                  Qui s’en occupe : {a.owner}. Avant le {frenchDate(a.dueDate)}. {ACTION_STATUS[a.status] ?? ''}
                </p>
                <Comments goalId={g.id} actionId={a.id} />
                {open ? (
                  <CommentForm
                    token={token}
                    parcoursId={p.id}
                    goalId={g.id}
                    actionId={a.id}
                    about={`l’action « ${a.label} »`}
                    onSent={reload}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {p.meetings.length ? (
        <>
          <h4>Les réunions</h4>
          <ul>
            {p.meetings.map((m) => (
              <li key={m.id}>
                Le {frenchDate(m.date)}
                {m.decisions.length ? ` : ${m.decisions.join(' ; ')}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.journal.length ? (
        <>
          <h4>Les nouvelles de mon suivi</h4>
          <ul>
            {p.journal.map((e) => (
              <li key={e.id}>
                Le {frenchDate(e.date)}, {e.author} : {e.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.closing ? (
        <>
          <h4>Le bilan</h4>
          <p>
            Terminé le {frenchDate(p.closing.closedAt)} : {p.closing.reason}
          </p>
          <p>Mon avis : {p.closing.personView}</p>
        </>
      ) : null}
      <Comments />
      {open ? <CommentForm token={token} parcoursId={p.id} about="mon plan" onSent={reload} /> : null}
    </article>
  );
}

/** « Mon dossier »: what the network holds about her, in plain words (issue 15 point 2). */
export function MyFilePage({ token }: { token: string }) {
  const { file, reload } = useMyFile(token);
  return (
    <div className="espace-page">
      <h1>Mon dossier</h1>
      <FileState file={file}>
        {(data) => (
          <>
            <p>
              Bonjour {data.person.firstName} {data.person.lastName}. Voici ce que le réseau sait de vous.
            </p>
            <section aria-labelledby="espace-parcours">
              <h2 id="espace-parcours">Mon parcours</h2>
              {data.parcours.length === 0 ? <p>Vous n’avez pas de parcours.</p> : null}
              {data.parcours.map((p) => (
                <Parcours key={p.id} p={p} token={token} reload={reload} />
              ))}
            </section>
            <Referrals items={data.referrals} />
            <Receptions items={data.receptions} />
            {data.appointments.length ? (
              <section aria-labelledby="espace-appointments">
                <h2 id="espace-appointments">Mes rendez-vous</h2>
                <ul className="espace-cards">
                  {data.appointments.map((a) => (
                    <li key={a.id} className="espace-card">
                      Le {frenchDate(a.start)}, à {a.placeName} : {a.statusLabel}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
      </FileState>
    </div>
  );
}
