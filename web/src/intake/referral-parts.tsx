/**
 * The pieces of a referral both the signed-in page and the partner's signed link show: the
 * timeline, the liaison note, and the receiving organisation's answer forms.
 */
import {
  AcceptReferralSchema,
  CloseReferralSchema,
  DeclineReferralSchema,
  ReviewReferralSchema,
  WithdrawReferralSchema,
} from '../../../services/intake/domain/referral.schema';
import type * as z from 'zod';
import { useWrite } from '../api/queries';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { ApiError } from '../api/http';
import type { ReferralStep } from '../api/types';
import { FormFrame, FormSelect, FormTextArea, useApiForm } from '../components/api-form';
import { CLOSE_OUTCOMES, closeOutcomeLabel, formatDateTime, REFERRAL_STATUS_BADGE, referralStatusLabel, roleLabel } from '../labels';

const byWhom = (step: ReferralStep): string => {
  if (step.by.via === 'system') return 'par Relais (délai dépassé)';
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
          {step.reason ? (
            <p>
              {step.status === 'withdrawn' ? 'Raison du retrait' : 'Motif du refus'} : {step.reason}
            </p>
          ) : null}
          {step.outcome ? <p>Résultat : {closeOutcomeLabel(step.outcome)}</p> : null}
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

export type Action = 'review' | 'accept' | 'decline' | 'close' | 'withdraw';

/** The API's schema of each answer's body. */
const ANSWER_SCHEMAS: Readonly<Record<Action, z.ZodType>> = {
  review: ReviewReferralSchema,
  accept: AcceptReferralSchema,
  decline: DeclineReferralSchema,
  close: CloseReferralSchema,
  withdraw: WithdrawReferralSchema,
};

interface ActionSpec {
  /** The free text's field in the API. */
  field: 'comment' | 'reason';
  label: string;
  button: string;
  hint: string;
  required: boolean;
  done: string;
  /** A required code chosen in a list (decline: its category; close: its outcome). */
  code?: { field: 'reasonCode' | 'outcome'; label: string; hint: string; options: ReadonlyArray<readonly [string, string]> };
}

export const ACTIONS: Readonly<Record<Action, ActionSpec>> = {
  review: {
    field: 'comment',
    label: 'Commentaire (facultatif)',
    hint: 'Par exemple : la personne qui étudie la demande chez vous.',
    button: 'Marquer « en cours d’examen »',
    required: false,
    done: 'L’orientation est marquée « en cours d’examen ». La structure qui oriente en est informée.',
  },
  accept: {
    field: 'comment',
    label: 'Commentaire (facultatif)',
    hint: 'Par exemple : le rendez-vous proposé, la personne à contacter chez vous.',
    button: 'Accepter l’orientation',
    required: false,
    done: 'Vous avez accepté l’orientation. La structure qui oriente en est informée.',
  },
  decline: {
    field: 'comment',
    label: 'Commentaire (facultatif)',
    hint: 'La structure qui oriente le lira : dites vers qui orienter plutôt, si vous le savez.',
    button: 'Refuser l’orientation',
    required: false,
    done: 'Vous avez refusé l’orientation. La structure qui oriente en est informée, avec votre motif.',
    code: {
      field: 'reasonCode',
      label: 'Raison du refus',
      hint: 'Sert aussi à compter les refus par raison, sans rien dire de la personne.',
      options: DECLINE_REASONS,
    },
  },
  close: {
    field: 'comment',
    label: 'Commentaire (facultatif)',
    hint: 'Ce qui a été fait pour la personne : droits ouverts, accompagnement engagé, réorientation…',
    button: 'Clôturer l’orientation',
    required: false,
    done: 'L’orientation est clôturée. La structure qui oriente voit le résultat.',
    code: { field: 'outcome', label: 'Résultat', hint: 'Ce qui a eu lieu pour la personne.', options: CLOSE_OUTCOMES },
  },
  withdraw: {
    field: 'reason',
    label: 'Raison du retrait',
    hint: 'La structure destinataire saura seulement que l’orientation est retirée.',
    button: 'Retirer l’orientation',
    required: true,
    done: 'L’orientation est retirée. La structure destinataire en est informée.',
  },
};

/** One move of a referral: a code when it takes one, a text and a button. */
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
  const formId = useId();
  const focusSummary = () =>
    window.requestAnimationFrame(() =>
      document.getElementById(`${formId}`)?.querySelector<HTMLElement>('[data-testid="problem"]')?.focus(),
    );
  const write = useWrite((body: Record<string, string>) => post(action, body), {
    onSuccess: (answer) => onDone(action, answer),
    handles: (error) => {
      if (!(error instanceof ApiError) || error.status !== 409) return false;
      onConflict(error.message);
      return true;
    },
    focusOnProblem: focusSummary,
  });
  const toBody = (d: { text: string; code: string }): Record<string, string> => ({
    ...(d.text.trim() ? { [spec.field]: d.text.trim() } : {}),
    ...(spec.code && d.code ? { [spec.code.field]: d.code } : {}),
  });
  const { form, submit, problem } = useApiForm<{ text: string; code: string }, unknown>({
    defaultValues: { text: '', code: '' },
    toBody,
    schema: ANSWER_SCHEMAS[action],
    checks: (d) => [
      ...(spec.code && !d.code ? [{ path: 'code', message: `Choisissez : ${spec.code.label.toLocaleLowerCase('fr')}.` }] : []),
      ...(spec.required && d.text.trim() === '' ? [{ path: 'text', message: `Indiquez la ${spec.label.toLocaleLowerCase('fr')}.` }] : []),
    ],
    // The API names the fields `comment`, `reason`, `reasonCode` or `outcome`: here they are the form's text and code.
    fieldOf: (path) => (path === spec.field ? 'text' : path === spec.code?.field ? 'code' : path),
    write,
    onInvalid: focusSummary,
  });
  const onSubmit = submit(() => {
    if (!write.busy) write.run(toBody(form.getValues()));
  });

  return (
    <FormFrame
      form={form}
      onSubmit={onSubmit}
      problem={problem}
      labels={{ text: spec.label, code: spec.code?.label ?? '' }}
      scope={action}
      className="answer-form"
      testId={`answer-${action}`}
      formId={formId}
    >
      {spec.code ? (
        <FormSelect
          name="code"
          label={spec.code.label}
          hint={spec.code.hint}
          options={spec.code.options}
          placeholder="Choisissez…"
          required
        />
      ) : null}
      <FormTextArea name="text" label={spec.label} hint={spec.hint} required={spec.required} rows={3} />
      <button
        type="submit"
        className={action === 'decline' || action === 'withdraw' ? 'button button--secondary' : 'button'}
        disabled={write.busy}
      >
        {write.busy ? 'Envoi…' : spec.button}
      </button>
    </FormFrame>
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

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  email: 'E-mail',
  sms: 'SMS',
  webhook: 'Webhook (logiciel du partenaire)',
  accounts: 'Comptes Relais de la structure',
  topic: 'Nouvel envoi du lien',
  phone: 'Téléphone (par vous)',
  print: 'Fiche imprimée (par vous)',
  mail: 'Courrier (par vous)',
};
export const channelLabel = (channel: string): string => CHANNEL_LABELS[channel] ?? channel;

const DELIVERY_STATUS: Readonly<Record<string, string>> = {
  pending: 'envoi demandé, résultat non encore connu',
  delivered: 'remis',
  failed: 'en échec',
};

/** The channels the notifications service reports on (ADR 0034), as a sentence names them. */
const REPORTED_CHANNEL: Readonly<Record<string, string>> = { email: 'e-mail', sms: 'SMS', webhook: 'webhook' };

/** Why a delivery failed, from its code (never the partner's own words). */
const FAILURE_REASONS: Readonly<Record<string, string>> = {
  refused: 'le logiciel du partenaire a refusé l’envoi',
  timeout: 'pas de réponse à temps',
  unreachable: 'adresse injoignable',
  invalid_address: 'adresse invalide',
  no_secret: 'webhook sans secret de signature',
  not_accepted: 'message refusé par le service d’envoi',
  other: 'erreur inconnue',
};
export const failureReason = (code: string | undefined): string => (code ? (FAILURE_REASONS[code] ?? code) : 'raison inconnue');

interface Delivery {
  channel: string;
  status: string;
  at: string;
  requestedAt?: string;
  reason?: string;
  attempt?: number;
  maxAttempts?: number;
}

/**
 * One delivery in plain French: « e-mail remis », « webhook en échec : pas de réponse à temps »,
 * « SMS : nouvel essai 2/5 »; the channels nobody reports on keep « Téléphone (par vous) : remis ».
 */
export function deliveryText(d: Delivery): string {
  const noun = REPORTED_CHANNEL[d.channel];
  if (d.status === 'retried') return `${noun ?? channelLabel(d.channel)} : nouvel essai ${(d.attempt ?? 1) + 1}/${d.maxAttempts ?? '?'}`;
  if (!noun || d.status === 'pending') return `${channelLabel(d.channel)} : ${DELIVERY_STATUS[d.status] ?? d.status}`;
  if (d.status === 'failed') return `${noun} en échec : ${failureReason(d.reason)}`;
  return `${noun} ${DELIVERY_STATUS[d.status] ?? d.status}`;
}

/** The channels whose latest delivery failed after its retries (a later delivered request on the same channel clears it). */
export function failedDeliveries(deliveries: readonly Delivery[]): Delivery[] {
  const latest = new Map<string, Delivery>();
  for (const d of deliveries) {
    const seen = latest.get(d.channel);
    if (!seen || (d.requestedAt ?? d.at) >= (seen.requestedAt ?? seen.at)) latest.set(d.channel, d);
  }
  return [...latest.values()].filter((d) => d.status === 'failed');
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** How the partner was told, channel by channel: a failure is said, never hidden. */
export function DeliveryList({ deliveries }: { deliveries: readonly Delivery[] }) {
  if (deliveries.length === 0) {
    return (
      <p className="notice notice--warning" data-testid="deliveries-none">
        Aucun moyen de prévenir cette structure n’a été enregistré : elle n’a peut-être pas été informée.
      </p>
    );
  }
  return (
    <ul className="deliveries" data-testid="deliveries">
      {deliveries.map((d, index) => (
        <li key={`${d.channel}-${d.at}-${index}`} data-status={d.status} data-channel={d.channel}>
          <strong>{capitalised(deliveryText(d))}</strong> (<time dateTime={d.at}>{formatDateTime(d.at)}</time>)
        </li>
      ))}
    </ul>
  );
}

/** A delivery failed after its retries: the sender is told at the top of the referral, with what to do. */
export function FailedDeliveryWarning({ deliveries }: { deliveries: readonly Delivery[] }) {
  const failed = failedDeliveries(deliveries);
  if (failed.length === 0) return null;
  return (
    <div className="notice notice--warning" data-testid="delivery-failed">
      <p>
        <strong>
          {failed.length === 1 ? 'Un envoi à la structure a échoué' : 'Des envois à la structure ont échoué'} :{' '}
          {failed.map((d) => deliveryText(d)).join(' ; ')}.
        </strong>
      </p>
      <p>Elle n’a peut-être pas été prévenue : renvoyez le lien ou appelez-la.</p>
    </div>
  );
}

/** The sender's moves while the referral runs: withdraw it (pending only), re-send its link. */
export function SenderActions({
  status,
  post,
  resend,
  onDone,
  onResent,
  onConflict,
  version,
}: {
  status: string;
  post: (action: Action, body: Record<string, string>) => Promise<unknown>;
  resend: () => Promise<unknown>;
  onDone: (action: Action, answer: unknown) => void;
  /** The link was sent again: the referral as it now is (a new delivery). */
  onResent: (answer: unknown) => void;
  onConflict: (message: string) => void;
  version: number;
}) {
  const write = useWrite(() => resend(), {
    onSuccess: (answer) => onResent(answer),
    focusOnProblem: false,
    handles: (error) => {
      if (!(error instanceof ApiError) || error.status !== 409) return false;
      onConflict(error.message);
      return true;
    },
  });
  const pending = status === 'sent' || status === 'in_review';
  return (
    <div className="answers__grid" data-testid="sender-actions">
      <div>
        <p>Le partenaire n’a pas reçu le lien, ou l’a perdu ?</p>
        <button type="button" className="button button--secondary" disabled={write.busy} onClick={() => write.run(undefined)}>
          {write.busy ? 'Envoi…' : 'Renvoyer le lien'}
        </button>
        {write.error ? (
          <p className="notice notice--error" role="alert">
            {write.error}
          </p>
        ) : null}
      </div>
      {pending ? <AnswerForm key={`withdraw-${version}`} action="withdraw" post={post} onDone={onDone} onConflict={onConflict} /> : null}
    </div>
  );
}
