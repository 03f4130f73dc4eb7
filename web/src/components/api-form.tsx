/**
 * Forms on react-hook-form, checked by the backend's own request schemas (ADR 0022).
 *
 * A form's values (its « draft ») are what the fields hold — text where the API takes a number
 * or a list — and mirror the request body's paths (`location.lon`, `consents.smsSurveys.given`),
 * so that one path names a field for the browser's check, for the server's 400 and for the
 * summary's links. `formSchema` derives the form's schema from the request schema: the draft is
 * turned into the body (`toBody`), then the body is parsed by the schema the API parses it with;
 * a few checks of the form's own (`checks`, an empty required field said in the form's words)
 * take the place of the schema's message on the same path.
 *
 * A refusal from the server is shown the same way as the browser's: each field's message under
 * it (`setError` with the problem's `errors[].path`) and the summary at the top, with the
 * server's message for every status (ADR 0018).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { createContext, type KeyboardEvent, type ReactNode, type Ref, useContext, useEffect, useId, useMemo, useRef } from 'react';
import {
  type DefaultValues,
  type FieldValues,
  FormProvider,
  type Path,
  type UseFormReturn,
  useController,
  useForm,
  useFormContext,
} from 'react-hook-form';
import type * as z from 'zod';
import { type FormCheck, formSchema, messagesAt, problemsOf } from './form-schema';

export { type FormCheck, messagesAt };
import { ApiError } from '../api/http';
import type { FieldProblem } from '../api/types';
import { CheckboxField, CheckboxGroup, fieldId, type Problem, ProblemSummary, SelectField, TextArea, TextField, ThemePicker } from './form';
import { DraftNotice, type FormDraft } from './form-draft';
import { ThemeSelect } from './theme-select';

/** What `useApiForm` needs of a write (`useWrite`, `useCreate`, `useSaveRecord`…). */
interface WriteState {
  problem: Problem | null;
  fail: (error: unknown) => void;
  clear: () => void;
}

/**
 * A form checked with `formSchema(toBody, schema, checks)`, whose refusals — the browser's
 * and the server's — reach its fields and the write's problem summary. `submit(onValid)` is
 * the `onSubmit` of the form (or the `onClick` of a button inside a group of fields).
 */
export function useApiForm<TDraft extends FieldValues, TBody>({
  defaultValues,
  toBody,
  schema,
  checks,
  write,
  onInvalid,
  fieldOf = (path) => path,
}: {
  defaultValues: TDraft;
  toBody: (draft: TDraft) => unknown;
  schema: z.ZodType<TBody>;
  checks?: (draft: TDraft) => FormCheck[];
  write: WriteState;
  /** The form's field for a path of the body, where they differ (`actions.0.label` → `action.label`). */
  fieldOf?: (bodyPath: string) => string;
  /** After a refusal of the browser's (the summary shown): where the focus goes. */
  onInvalid?: (problems: FieldProblem[]) => void;
}) {
  const form = useForm<TDraft, unknown, TBody>({
    defaultValues: defaultValues as DefaultValues<TDraft>,
    resolver: zodResolver(formSchema(toBody, schema, checks, fieldOf) as unknown as z.ZodType<TBody, TDraft>),
  });
  const fieldOfRef = useRef(fieldOf);
  fieldOfRef.current = fieldOf;
  // The server's paths are the body's: each becomes the form's field (for the summary's links too).
  const problem = useMemo(
    () =>
      write.problem && {
        ...write.problem,
        errors: write.problem.errors.map((error) =>
          error.path.startsWith('body.') ? { ...error, path: `body.${fieldOfRef.current(error.path.slice(5))}` } : error,
        ),
      },
    [write.problem],
  );
  const { setError } = form;
  useEffect(() => {
    // Several messages on one path (a URL in http:// and with a path) are all shown under the field, as in the summary.
    const byField = new Map<string, string[]>();
    for (const error of problem?.errors ?? []) {
      if (error.path.startsWith('body.')) byField.set(error.path.slice(5), [...(byField.get(error.path.slice(5)) ?? []), error.message]);
    }
    for (const [field, messages] of byField) {
      setError(field as Path<TDraft>, { type: 'server', message: [...new Set(messages)].join(' ; ') });
    }
  }, [problem, setError]);

  const submit = (onValid: (body: TBody) => void) =>
    form.handleSubmit(
      (body) => {
        write.clear();
        onValid(body);
      },
      (errors) => {
        const problems = problemsOf(errors);
        write.fail(new ApiError(400, 'Le formulaire contient des erreurs.', problems));
        if (onInvalid) onInvalid(problems);
        else window.requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="problem"]')?.focus());
      },
    );
  return { form, submit, problem };
}

/** `form` for the fields below (`<FormFields form={form}>`). */
export type ApiForm<TDraft extends FieldValues> = UseFormReturn<TDraft, unknown, unknown>;

/**
 * Where several forms share a page (a parcours' sections), each names its fields' ids apart:
 * `<FormScope name="goal">` makes `title`'s id `champ-body-goal-title`.
 */
const Scope = createContext('');
export const FormScope = ({ name, children }: { name: string; children: ReactNode }) => (
  <Scope.Provider value={name}>{children}</Scope.Provider>
);

/** A field bound to the form above by its `name` (its path in the values); `path` names its id. */
function useField<T>(name: string, nested = true) {
  const { control } = useFormContext();
  const scope = useContext(Scope);
  const { field, formState } = useController({ name, control });
  return {
    value: field.value as T,
    onChange: field.onChange as (value: T) => void,
    error: messagesAt(formState.errors, name, nested),
    path: scope ? `${scope}.${name}` : name,
  };
}

type Presentational<P> = Omit<P, 'path' | 'value' | 'onChange' | 'error' | 'checked' | 'values'> & { name: string };

export function FormText(props: Presentational<Parameters<typeof TextField>[0]>) {
  const { name, ...rest } = props;
  const { value, onChange, error, path } = useField<string>(name);
  return <TextField {...rest} path={path} value={value ?? ''} onChange={onChange} error={error} />;
}

export function FormTextArea(props: Presentational<Parameters<typeof TextArea>[0]>) {
  const { name, ...rest } = props;
  const { value, onChange, error, path } = useField<string>(name);
  return <TextArea {...rest} path={path} value={value ?? ''} onChange={onChange} error={error} />;
}

export function FormSelect(props: Presentational<Parameters<typeof SelectField>[0]> & { onValue?: (value: string) => void }) {
  const { name, onValue, ...rest } = props;
  const { value, onChange, error, path } = useField<string>(name);
  return (
    <SelectField
      {...rest}
      path={path}
      value={value ?? ''}
      onChange={(next) => {
        onChange(next);
        onValue?.(next);
      }}
      error={error}
    />
  );
}

export function FormCheckbox(props: Presentational<Parameters<typeof CheckboxField>[0]>) {
  const { name, ...rest } = props;
  const { value, onChange, error, path } = useField<boolean>(name);
  return <CheckboxField {...rest} path={path} checked={Boolean(value)} onChange={onChange} error={error} />;
}

export function FormCheckboxGroup(props: Presentational<Parameters<typeof CheckboxGroup>[0]>) {
  const { name, ...rest } = props;
  const { value, onChange, error, path } = useField<string[]>(name);
  return <CheckboxGroup {...rest} path={path} values={value ?? []} onChange={onChange} error={error} />;
}

export function FormThemePicker({ name = 'themes', legend }: { name?: string; legend?: string }) {
  const { value, onChange, error, path } = useField<string[]>(name);
  return <ThemePicker path={path} legend={legend} values={value ?? []} onChange={onChange} error={error} />;
}

/**
 * The value and the message of a field drawn by the page itself (a combobox, radios, a list of
 * rows); `nested` false: the message of the whole only, not of its parts.
 */
export function useFormField<T>(name: string, nested = true) {
  return useField<T>(name, nested);
}

/**
 * A form's frame: the form's values for the fields inside, the refusal at the top (the server's
 * message, or the fields' messages as links), the kept draft's notice, then the fields.
 */
export function FormFrame({
  of,
  form = of?.form,
  onSubmit = of?.onSubmit,
  problem = of?.problem ?? null,
  labels,
  scope,
  draft = of?.kept,
  onReload,
  className = 'record-form',
  label,
  testId,
  intro,
  formRef,
  formId,
  onKeyDown,
  children,
}: {
  /** A form made by a hook that gives all four (`useRecordForm`, a parcours section's). */
  // biome-ignore lint/suspicious/noExplicitAny: any form's values.
  of?: { form: UseFormReturn<any, any, any>; onSubmit: () => void; problem: Problem | null; kept: FormDraft };
  // biome-ignore lint/suspicious/noExplicitAny: any form's values.
  form?: UseFormReturn<any, any, any>;
  onSubmit?: () => void;
  problem?: Problem | null;
  labels: Readonly<Record<string, string>>;
  scope?: string;
  draft?: FormDraft;
  onReload?: () => void;
  className?: string;
  /** The form's accessible name, when it has no heading of its own. */
  label?: string;
  testId?: string;
  /** What comes before the refusal (a heading, a hint). */
  intro?: ReactNode;
  formRef?: Ref<HTMLFormElement>;
  formId?: string;
  /** A shortcut of the whole form (Ctrl+Entrée). */
  onKeyDown?: (event: KeyboardEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  const body = (
    <form
      id={formId}
      ref={formRef}
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      noValidate
      className={className}
      aria-label={label}
      data-testid={testId}
    >
      {intro}
      <ProblemSummary problem={problem} labels={labels} scope={scope} onReload={onReload} />
      {draft ? <DraftNotice draft={draft} /> : null}
      {children}
    </form>
  );
  if (!form) return null;
  return <FormProvider {...form}>{scope ? <FormScope name={scope}>{body}</FormScope> : body}</FormProvider>;
}

/** The themes of a request, typed (« loge » Enter), bound to `themes`. */
export function FormThemeSelect({ hint }: { hint?: string }) {
  const { value, onChange, error } = useField<string[]>('themes');
  return <ThemeSelect values={value ?? []} onChange={onChange} error={error} hint={hint} />;
}

/**
 * A short choice as radio buttons (Tab reaches the group, arrows change the choice). The
 * field's id — the summary's link — is the first option's, or (`focusChosen`) the chosen one's.
 */
export function FormRadios<T extends string>({
  name,
  legend,
  options,
  focusChosen = false,
  className = 'inline-radios',
}: {
  name: string;
  legend: ReactNode;
  options: ReadonlyArray<readonly [T, string]>;
  focusChosen?: boolean;
  className?: string;
}) {
  const uid = useId();
  const { value, onChange, error } = useField<T>(name);
  const idOf = (option: T, index: number) => ((focusChosen ? option === value : index === 0) ? fieldId(name) : `${uid}-${option}`);
  return (
    <fieldset className={`${className} ${error ? 'field--error' : ''}`} aria-describedby={error ? `${uid}-erreur` : undefined}>
      <legend>{legend}</legend>
      {error ? (
        <p className="field__error" id={`${uid}-erreur`}>
          {error}
        </p>
      ) : null}
      {options.map(([option, label], index) => (
        <div className="field field--checkbox" key={option}>
          <input
            type="radio"
            id={idOf(option, index)}
            name={`${uid}-choix`}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          <label htmlFor={idOf(option, index)}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The « submit + cancel » footer: the button says what it does, and « Enregistrement… » while it runs. */
export function FormActions({
  busy,
  label,
  busyLabel = 'Enregistrement…',
  cancel,
  cancelClass = 'button--secondary',
  disabled = false,
  children,
}: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  cancelClass?: string;
  /** Where « Annuler » leads (a link), or what it does (a button). */
  cancel?: string | (() => void);
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
      {typeof cancel === 'string' ? (
        <a className={`button ${cancelClass}`} href={cancel}>
          Annuler
        </a>
      ) : cancel ? (
        <button type="button" className={`button ${cancelClass}`} onClick={cancel}>
          Annuler
        </button>
      ) : null}
      {children}
    </div>
  );
}
