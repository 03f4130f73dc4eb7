/**
 * « Mes démarches » (issue 15, point 3; ADR 0038): on her parcours she marks done an action she
 * carries out herself, proposes a goal, gives her view before the next meeting, asks for another
 * référent; she sees the answers. One form at a time, plain words, large buttons.
 */
import { useId, useState } from 'react';
import { postJson } from '../api/http';
import { Done, formatDay, formatWhen, Refusal, Status, useAction, useLoad } from './espace-kit';

interface PersonRequest {
  id: string;
  kind: 'goal' | 'view' | 'referent';
  status: 'pending' | 'accepted' | 'answered' | 'shared';
  at: string;
  title?: string;
  text?: string;
  meetingDate?: string;
  answer?: { text?: string; at: string; by: { name: string } };
}
interface MyParcours {
  id: string;
  status: 'active' | 'suspended' | 'closed';
  referent: { name: string; role: string };
  goals: Array<{
    id: string;
    title: string;
    actions: Array<{ id: string; label: string; dueDate: string; status: 'todo' | 'doing' | 'done'; mine: boolean; ownerName: string }>;
  }>;
  requests: PersonRequest[];
}

const KIND: Record<PersonRequest['kind'], string> = {
  goal: 'Objectif proposé',
  view: 'Mon avis avant la réunion',
  referent: 'Demande d’un autre référent',
};
const STATUS: Record<PersonRequest['status'], string> = {
  pending: 'En attente de réponse',
  accepted: 'Accepté : c’est maintenant un objectif de votre plan',
  answered: 'Réponse reçue',
  shared: 'Transmis aux professionnels de votre parcours',
};

function TextForm(props: {
  legend: string;
  label: string;
  hint?: string;
  submit: string;
  done: string;
  max: number;
  withTitle?: boolean;
  withDate?: boolean;
  send: (values: { title: string; text: string; date: string }) => Promise<unknown>;
  onDone: () => void;
}) {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [date, setDate] = useState('');
  const action = useAction();
  const id = useId();
  return (
    <form
      aria-labelledby={`${id}-legend`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (await action.run(() => props.send({ title, text, date }), props.done)) {
          setTitle('');
          setText('');
          setDate('');
          props.onDone();
        }
      }}
    >
      <h3 id={`${id}-legend`}>{props.legend}</h3>
      {props.withTitle ? (
        <div className="espace-field">
          <label htmlFor={`${id}-title`}>Mon objectif</label>
          <input id={`${id}-title`} maxLength={300} required value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
      ) : null}
      <div className="espace-field">
        <label htmlFor={`${id}-text`}>{props.label}</label>
        {props.hint ? (
          <span className="espace-hint" id={`${id}-hint`}>
            {props.hint}
          </span>
        ) : null}
        <textarea
          id={`${id}-text`}
          rows={4}
          maxLength={props.max}
          required={!props.withTitle}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {props.withDate ? (
        <div className="espace-field">
          <label htmlFor={`${id}-date`}>Date de la réunion, si vous la connaissez</label>
          <input id={`${id}-date`} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
      ) : null}
      {action.error ? <Refusal error={action.error} /> : null}
      <button type="submit" className="espace-button" disabled={action.busy}>
        {props.submit}
      </button>
      <Done text={action.done} />
    </form>
  );
}

function ParcoursSteps({ parcours, token, reload }: { parcours: MyParcours; token: string; reload: () => void }) {
  const base = `/api/me/person/parcours/${parcours.id}`;
  const markDone = useAction();
  const open = parcours.status !== 'closed';
  const mine = parcours.goals.flatMap((g) => g.actions.filter((a) => a.mine).map((a) => ({ ...a, goalId: g.id, goal: g.title })));
  const pendingReferent = parcours.requests.some((r) => r.kind === 'referent' && r.status === 'pending');
  return (
    <article className="espace-card" data-testid="my-parcours">
      <h3>Mon parcours avec {parcours.referent.name}</h3>
      <p>
        Votre référent : {parcours.referent.name} ({parcours.referent.role}).
        {parcours.status === 'closed' ? ' Ce parcours est terminé.' : null}
        {parcours.status === 'suspended' ? ' Ce parcours est en pause.' : null}
      </p>

      <h3>Ce que je dois faire</h3>
      {mine.length === 0 ? <p>Aucune action ne vous est confiée pour le moment.</p> : null}
      <ul className="espace-list">
        {mine.map((a) => (
          <li key={a.id} className="espace-card" data-testid="my-action">
            <p>
              <strong>{a.label}</strong>
              <br />
              Pour l’objectif : {a.goal}. À faire avant le {formatDay(a.dueDate)}.
            </p>
            {a.status === 'done' ? (
              <p className="espace-tag">Fait</p>
            ) : open ? (
              <button
                type="button"
                className="espace-button"
                disabled={markDone.busy}
                onClick={async () => {
                  if (
                    await markDone.run(
                      () => postJson(`${base}/goals/${a.goalId}/actions/${a.id}/done`, {}, token),
                      'C’est noté : action faite.',
                    )
                  )
                    reload();
                }}
              >
                J’ai fait cette action
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {markDone.error ? <Refusal error={markDone.error} /> : null}
      <Done text={markDone.done} />

      {parcours.requests.length ? (
        <>
          <h3>Mes demandes</h3>
          <ul className="espace-list" data-testid="my-requests">
            {parcours.requests.map((r) => (
              <li key={r.id} className="espace-card">
                <p>
                  <strong>{KIND[r.kind]}</strong> — {formatWhen(r.at)}
                  <br />
                  {r.title ? (
                    <>
                      {r.title}
                      <br />
                    </>
                  ) : null}
                  {r.text}
                </p>
                <p className="espace-tag">{STATUS[r.status]}</p>
                {r.answer?.text ? (
                  <p>
                    Réponse de {r.answer.by.name} : {r.answer.text}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {open ? (
        <>
          <TextForm
            legend="Proposer un objectif"
            label="Pourquoi (facultatif)"
            submit="Envoyer ma proposition"
            done="Votre proposition est envoyée à votre référent."
            max={2000}
            withTitle
            send={({ title, text }) => postJson(`${base}/goal-proposals`, { title, ...(text.trim() ? { details: text } : {}) }, token)}
            onDone={reload}
          />
          <TextForm
            legend="Mon avis avant la prochaine réunion"
            label="Ce que je veux dire aux professionnels"
            submit="Envoyer mon avis"
            done="Votre avis est transmis aux professionnels de votre parcours."
            max={5000}
            withDate
            send={({ text, date }) => postJson(`${base}/views`, { text, ...(date ? { meetingDate: date } : {}) }, token)}
            onDone={reload}
          />
          {pendingReferent ? (
            <p>Vous avez demandé un autre référent : votre référent et la coordination du réseau ont reçu la demande.</p>
          ) : (
            <TextForm
              legend="Demander un autre référent"
              label="Pourquoi je veux changer"
              hint="Votre référent et la coordination du réseau liront votre demande."
              submit="Demander un autre référent"
              done="Votre demande est envoyée."
              max={1000}
              send={({ text }) => postJson(`${base}/referent-requests`, { reason: text }, token)}
              onDone={reload}
            />
          )}
        </>
      ) : null}
    </article>
  );
}

export function MyStepsPage({ token }: { token: string }) {
  const { state, reload } = useLoad<{ items: MyParcours[] }>('/api/me/person/parcours', token);
  return (
    <section className="espace-page" aria-labelledby="steps-title">
      <h2 id="steps-title">Mes démarches</h2>
      <Status state={state}>
        {state.status === 'ready' && state.value.items.length === 0 ? <p>Vous n’avez pas de parcours d’accompagnement.</p> : null}
        {state.status === 'ready'
          ? state.value.items.map((p) => <ParcoursSteps key={p.id} parcours={p} token={token} reload={reload} />)
          : null}
      </Status>
    </section>
  );
}
