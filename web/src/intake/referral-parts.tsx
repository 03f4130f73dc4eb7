/**
 * The pieces of a referral both the signed-in page and the partner's signed link show: the
 * timeline, the liaison note, and the receiving organisation's answer forms.
 */
import { useWrite } from '../api/queries';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api/http';
import type { ReferralStep } from '../api/types';
import { ProblemSummary, SelectField, TextArea } from '../components/form';
import { formatDateTime, REFERRAL_STATUS_BADGE, referralStatusLabel, roleLabel } from '../labels';

const byWhom = (step: ReferralStep): string => {
  if (step.by.via === 'system') return 'par Relais (aucune réponse dans le délai)';
  const org = step.by.organisationName ? ` (${step.by.organisationName})` : '';
  const how = step.by.via === 'link' ? ', depuis le lien reçu dans la notification' : '';
  const role = step.by.role ? `, ${roleLabel(step.by.role).toLocaleLowerCase('fr')}` : '';
  return `par ${step.by.name}${role}${org}${how}`;
};

export function ReferralTimeline({ history }: { history: readonly ReferralStep[] }) {
  return (
    <ol className="timeline timeline--referral" data-testid="referral-timeline">
      {history.map((step, index) => (
        <li key={`${step.status}-${step.at}-${index}`} className="timeline__item" data-status={step.status}>
          <p className="timeline__what">
            <span className={`badge ${REFERRAL_STATUS_BADGE[step.status]}`}>{referralStatusLabel(step.status)}</span>{' '}
            <time dateTime={step.at}>{formatDateTime(step.at)}</time>
          </p>
          <p className="muted">{byWhom(step)}</p>
          {step.comment ? <p>Commentaire : {step.comment}</p> : null}
          {step.reasonCode && step.reasonCode !== 'autre' ? <p>Raison : {declineReasonLabel(step.reasonCode)}</p> : null}
          {step.reason ? <p>Motif du refus : {step.reason}</p> : null}
          {step.outcome ? <p>Résultat : {step.outcome}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** The liaison note as written: its line breaks kept. */
export function LiaisonNote({ text }: { text: string }) {
  return (
    <div className="liaison-note" data-testid="liaison-note">
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}

/** The decline categories the observatory counts (intake's DECLINE_REASON_CODES), in plain French. */
export const DECLINE_REASONS: ReadonlyArray<readonly [string, string]> = [
  ['hors_competence', 'La demande ne relève pas de notre structure'],
  ['conditions_non_remplies', 'Les conditions d’accès ne sont pas remplies'],
  ['deja_accompagnee', 'La personne est déjà accompagnée'],
  ['personne_injoignable', 'La personne n’a pas pu être jointe'],
  ['capacite_insuffisante', 'Pas de place ou de rendez-vous disponible'],
  ['autre', 'Autre motif'],
];
const declineReasonLabel = (code: string): string => DECLINE_REASONS.find(([c]) => c === code)?.[1] ?? code;

export type Action = 'accept' | 'decline' | 'close';

export const ACTIONS: Readonly<
  Record<Action, { field: 'comment' | 'reason' | 'outcome'; label: string; button: string; hint: string; required: boolean; done: string }>
> = {
  accept: {
    field: 'comment',
    label: 'Commentaire (facultatif)',
    hint: 'Par exemple : le rendez-vous proposé, la personne à contacter chez vous.',
    button: 'Accepter l’orientation',
    required: false,
    done: 'Vous avez accepté l’orientation. La structure qui oriente en est informée.',
  },
  decline: {
    field: 'reason',
    label: 'Motif du refus',
    hint: 'La structure qui oriente le lira : dites vers qui orienter plutôt, si vous le savez.',
    button: 'Refuser l’orientation',
    required: true,
    done: 'Vous avez refusé l’orientation. La structure qui oriente en est informée, avec votre motif.',
  },
  close: {
    field: 'outcome',
    label: 'Résultat',
    hint: 'Ce qui a été fait pour la personne : droits ouverts, accompagnement engagé, réorientation…',
    button: 'Clôturer l’orientation',
    required: true,
    done: 'L’orientation est clôturée. La structure qui oriente voit le résultat.',
  },
};

/** One answer of the receiving organisation: a text and a button. */
export function AnswerForm({
  action,
  post,
  onDone,
  onConflict,
}: {
  action: Action;
  /** Sends the answer; resolves with the referral as it now is. */
  post: (action: Action, body: Record<string, string>) => Promise<unknown>;
  onDone: (action: Action, answer: unknown) => void;
  onConflict: (message: string) => void;
}) {
  const spec = ACTIONS[action];
  const [text, setText] = useState('');
  const [reasonCode, setReasonCode] = useState('autre');
  const path = `${action}.${spec.field}`;
  const formId = useId();
  const focusSummary = () =>
    window.requestAnimationFrame(() =>
      document.getElementById(`${formId}`)?.querySelector<HTMLElement>('[data-testid="problem"]')?.focus(),
    );
  const { run, busy, problem, errorOf, fail, clear } = useWrite((body: Record<string, string>) => post(action, body), {
    onSuccess: (answer) => onDone(action, answer),
    handles: (error) => {
      if (!(error instanceof ApiError)) return false;
      if (error.status === 409) {
        onConflict(error.message);
        return true;
      }
      if (error.errors.length === 0) return false;
      // The API names the field `body.comment`: the summary links to this form's field.
      fail(
        new ApiError(
          error.status,
          error.message,
          error.errors.map((e) => ({ ...e, path: e.path.replace(/^body\./, `body.${action}.`) })),
        ),
      );
      focusSummary();
      return true;
    },
    focusOnProblem: focusSummary,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    clear();
    if (spec.required && text.trim() === '') {
      fail(
        new ApiError(400, 'Le formulaire contient des erreurs.', [
          { path: `body.${path}`, message: `Indiquez le ${spec.label.toLocaleLowerCase('fr')}.` },
        ]),
      );
      focusSummary();
      return;
    }
    const body: Record<string, string> = text.trim() ? { [spec.field]: text.trim() } : {};
    if (action === 'decline') body.reasonCode = reasonCode;
    run(body);
  };

  return (
    <form id={formId} className="answer-form" onSubmit={submit} noValidate data-testid={`answer-${action}`}>
      <ProblemSummary problem={problem} labels={{ [path]: spec.label, 'decline.reasonCode': 'Raison du refus' }} />
      {action === 'decline' ? (
        <SelectField
          path="decline.reasonCode"
          label="Raison du refus"
          hint="Sert seulement à compter les refus par raison, sans rien dire de la personne."
          value={reasonCode}
          onChange={setReasonCode}
          options={DECLINE_REASONS}
          error={errorOf('decline.reasonCode')}
        />
      ) : null}
      <TextArea
        path={path}
        label={spec.label}
        hint={spec.hint}
        required={spec.required}
        rows={3}
        value={text}
        onChange={setText}
        error={errorOf(path)}
      />
      <button type="submit" className={action === 'decline' ? 'button button--secondary' : 'button'} disabled={busy}>
        {busy ? 'Envoi…' : spec.button}
      </button>
    </form>
  );
}

export function AnswerDone({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p className="notice notice--success" role="status" tabIndex={-1} ref={ref} data-testid="answer-done">
      {children}
    </p>
  );
}

export function ConflictNotice({ message }: { message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice notice--warning" role="alert" tabIndex={-1} ref={ref} data-testid="already-answered">
      <p>
        <strong>{message}</strong>
      </p>
      <p>Voici son état actuel.</p>
    </div>
  );
}
