/**
 * Form fields and how the API's refusals reach them. A 400 problem lists its invalid fields
 * (`errors[].path` like `body.contacts.0.email`); each message is shown under its field (linked
 * by `aria-describedby`, the field marked `aria-invalid`) and all of them in a summary at the top
 * of the form, whose links move the focus to the field. Any other refusal (403, 409, 422…) shows
 * the problem's `detail`: the server's message, written for the reader (ADR 0018), never replaced
 * here — two 409s can mean a stale record or a possible duplicate.
 */
import { type InputHTMLAttributes, type MouseEvent, type ReactNode, useCallback, useId, useMemo, useState } from 'react';
import { ApiError, messageOf } from '../api/http';
import type { FieldProblem } from '../api/types';
import { THEME_TREE, themeCategory } from '../labels';

/** `contacts.0.email` and `body.contacts.0.email` name the same field. */
const normalisePath = (path: string): string => (/^(body|query|params)(\.|$)/.test(path) ? path : `body.${path}`);

/** The id of the control that edits the value at `path`. */
export const fieldId = (path: string): string => `champ-${normalisePath(path).replace(/[^\w-]+/g, '-')}`;

export interface Problem {
  status: number;
  /** The server's stable error code, when it gave one. */
  code?: string;
  message: string;
  errors: FieldProblem[];
}

export function useProblem() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const fail = useCallback((error: unknown) => {
    if (error instanceof ApiError) {
      setProblem({
        status: error.status,
        code: error.code,
        message: error.message,
        errors: error.errors.map((e) => ({ path: normalisePath(e.path), message: e.message })),
      });
    } else {
      setProblem({ status: 0, message: messageOf(error), errors: [] });
    }
  }, []);
  const clear = useCallback(() => setProblem(null), []);
  /** The messages of the field at `path` (and of its parts, with `nested`). */
  const errorOf = useCallback(
    (path: string, nested = false): string | undefined => {
      if (!problem) return undefined;
      const target = normalisePath(path);
      const messages = problem.errors.filter((e) => e.path === target || (nested && e.path.startsWith(`${target}.`))).map((e) => e.message);
      return messages.length > 0 ? [...new Set(messages)].join(' ; ') : undefined;
    },
    [problem],
  );
  return { problem, fail, clear, errorOf };
}

/** Moves the focus to a field without touching the address bar (the hash is the route). */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  event.preventDefault();
  const target = document.getElementById(id);
  // A field inside a folded group: unfold it first, or it cannot take the focus.
  const folded = target?.closest('details');
  if (folded) folded.open = true;
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

/**
 * The refusal, at the top of the form. `labels` names the fields by path, so that the summary
 * says « SIRET : … » rather than a path; unknown paths are listed with their message only.
 */
export function ProblemSummary({
  problem,
  labels = {},
  onReload,
  scope,
}: {
  problem: Problem | null;
  labels?: Readonly<Record<string, string>>;
  onReload?: () => void;
  /** The fields' ids are named apart (`FormScope`): `goal` links `title` to `champ-body-goal-title`. */
  scope?: string;
}) {
  if (!problem) return null;
  const labelOf = (path: string): string | undefined => {
    const bare = path.replace(/^body\./, '');
    if (labels[bare]) return labels[bare];
    // `contacts.0.email` → the label of `contacts.*.email`, numbered.
    const generic = bare.replace(/\.(\d+)(\.|$)/g, '.*$2');
    const index = /\.(\d+)(\.|$)/.exec(bare)?.[1];
    const label = labels[generic];
    return label && index !== undefined ? `${label} (n° ${Number(index) + 1})` : label;
  };
  return (
    <div className="notice notice--error problem-summary" role="alert" data-testid="problem" tabIndex={-1}>
      <p className="problem-summary__title">
        {problem.status === 400 && problem.errors.length > 0 ? 'Le formulaire contient des erreurs :' : problem.message}
      </p>
      {problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((error) => {
            const label = labelOf(error.path);
            const id = fieldId(scope ? `${scope}.${error.path.replace(/^body\./, '')}` : error.path);
            return (
              <li key={`${error.path}-${error.message}`}>
                <a href={`#${id}`} onClick={(event) => focusField(event, id)}>
                  {label ? `${label} : ` : ''}
                  {error.message}
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
      {problem.status === 409 && onReload ? (
        <button type="button" className="button button--secondary" onClick={onReload}>
          Recharger la fiche
        </button>
      ) : null}
    </div>
  );
}

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: (describedBy: string | undefined) => ReactNode;
  className?: string;
}

function FieldFrame({ id, label, hint, error, required, children, className = '' }: FieldFrameProps) {
  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'field--error' : ''} ${className}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (obligatoire)</span> : null}
      </label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field__error" id={errorId}>
          {error}
        </span>
      ) : null}
      {children(describedBy)}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;

export function TextField({
  path,
  label,
  hint,
  error,
  value,
  onChange,
  required,
  className,
  ...input
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  className?: string;
} & InputProps) {
  const id = fieldId(path);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} className={className}>
      {(describedBy) => (
        <input
          type="text"
          {...input}
          id={id}
          value={value}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export function TextArea({
  path,
  label,
  hint,
  error,
  value,
  onChange,
  required,
  rows = 3,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  rows?: number;
}) {
  const id = fieldId(path);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required}>
      {(describedBy) => (
        <textarea
          id={id}
          rows={rows}
          value={value}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  path,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  placeholder,
  required,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<readonly [string, string]>;
  /** The empty choice's text; absent: no empty choice. */
  placeholder?: string;
  required?: boolean;
}) {
  const id = fieldId(path);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required}>
      {(describedBy) => (
        <select
          id={id}
          value={value}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map(([optionValue, optionLabel]) => (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function CheckboxField({
  path,
  label,
  hint,
  error,
  checked,
  onChange,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = fieldId(path);
  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field field--checkbox ${error ? 'field--error' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div className="field--checkbox__text">
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <span className="hint" id={hintId}>
            {hint}
          </span>
        ) : null}
        {error ? (
          <span className="field__error" id={errorId}>
            {error}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** Several values of a short list, as checkboxes in a fieldset. */
export function CheckboxGroup({
  path,
  legend,
  hint,
  error,
  options,
  values,
  onChange,
}: {
  path: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: ReadonlyArray<readonly [string, string]>;
  values: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const id = fieldId(path);
  const toggle = (value: string, on: boolean) => onChange(on ? [...values, value] : values.filter((v) => v !== value));
  return (
    <fieldset className={`fieldset ${error ? 'field--error' : ''}`} aria-describedby={error ? `${id}-erreur` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="field__error" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
      <div className="checkbox-grid">
        {options.map(([value, label], index) => {
          const optionId = index === 0 ? id : `${id}-${value}`;
          return (
            <div className="field field--checkbox" key={value}>
              <input
                id={optionId}
                type="checkbox"
                checked={values.includes(value)}
                onChange={(event) => toggle(value, event.target.checked)}
              />
              <label htmlFor={optionId}>{label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * The data·inclusion thématiques: one foldable group per category, a box for the whole category
 * and one per sub-theme. Groups with a chosen theme start open.
 */
export function ThemePicker({
  path = 'themes',
  legend = 'Thématiques',
  error,
  values,
  onChange,
}: {
  path?: string;
  legend?: string;
  error?: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const id = fieldId(path);
  const chosen = useMemo(() => new Set(values), [values]);
  const [initiallyOpen] = useState(() => new Set(values.map(themeCategory)));
  const toggle = (value: string, on: boolean) => onChange(on ? [...values, value] : values.filter((v) => v !== value));
  const uid = useId();
  return (
    <fieldset className={`fieldset theme-picker ${error ? 'field--error' : ''}`} aria-describedby={error ? `${id}-erreur` : undefined}>
      <legend>
        {legend}{' '}
        <span className="hint">
          ({values.length} choisie{values.length > 1 ? 's' : ''})
        </span>
      </legend>
      {error ? (
        <p className="field__error" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
      {THEME_TREE.map((group, groupIndex) => {
        const count = values.filter((v) => themeCategory(v) === group.category).length;
        const categoryId = groupIndex === 0 ? id : `${uid}-${group.category}`;
        return (
          <details key={group.category} className="theme-picker__group" open={initiallyOpen.has(group.category)}>
            <summary>
              {group.label}
              {count > 0 ? <span className="badge badge--info">{count}</span> : null}
            </summary>
            <div className="field field--checkbox">
              <input
                id={categoryId}
                type="checkbox"
                checked={chosen.has(group.category)}
                onChange={(event) => toggle(group.category, event.target.checked)}
              />
              <label htmlFor={categoryId}>Toute la thématique « {group.label} »</label>
            </div>
            <div className="checkbox-grid">
              {group.themes.map(([value, label]) => (
                <div className="field field--checkbox" key={value}>
                  <input
                    id={`${uid}-${value}`}
                    type="checkbox"
                    checked={chosen.has(value)}
                    onChange={(event) => toggle(value, event.target.checked)}
                  />
                  <label htmlFor={`${uid}-${value}`}>{label}</label>
                </div>
              ))}
            </div>
          </details>
        );
      })}
    </fieldset>
  );
}

/** The number in a text field (« 2,5 » included); empty or not a number: absent. */
export const numberOf = (text: string): number | undefined => {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
};

/** A phone number as typed (« 05 65 00 00 00 » → « 0565000000 »); empty: absent. */
export const phoneOf = (text: string): string | undefined => {
  const compact = text.replace(/[\s.]/g, '');
  return compact === '' ? undefined : compact;
};

/** Empty text is an absent optional value. */
export const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** After a refusal, the summary takes the focus: keyboard and screen-reader users start there. */
export function focusProblem(): void {
  window.requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="problem"]')?.focus());
}

/** A group of fields under its legend, with an optional hint under it (every form's sections). */
export function Fieldset({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
    </fieldset>
  );
}
