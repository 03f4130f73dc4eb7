/**
 * The directory's record forms (organisation, site, service) share their frame: the problem
 * summary, the « obligatoire » hint, the submit and cancel footer, the draft kept across a
 * session expiry; and their field groups (the organisation to attach to, phone and e-mail,
 * opening hours, `directory/hours-editor.tsx`). Each form says only its fields, its body and its request schema.
 */
import { type ReactNode, useMemo } from 'react';
import type { FieldValues } from 'react-hook-form';
import type * as z from 'zod';
import { type DirectoryCollection, useSaveRecord } from '../api/queries';
import { useAuth } from '../auth/auth-context';
import { editableOrganisationIds } from '../auth/permissions';
import { useDirectory } from '../directory/directory-data';
import { FormActions, FormFrame, FormSelect, FormText, useApiForm } from './api-form';
import { useFormDraft } from './form-draft';

/**
 * A directory record's form: `draftOf` fills it from the record (or empty), `toBody` makes the
 * API's body, checked with `schema` (the service's create schema) before it is sent; a creation
 * POSTs it all, an edit PATCHes what changed (`useSaveRecord`).
 */
export function useRecordForm<TDraft extends FieldValues, TBody, TRecord extends { id: string; version?: number }>({
  collection,
  initial,
  draft,
  toBody,
  schema,
  fieldOf,
  onSaved,
}: {
  collection: DirectoryCollection;
  initial?: TRecord;
  /** The form's values for `initial` (or a new record). */
  draft: () => TDraft;
  toBody: (draft: TDraft) => Record<string, unknown>;
  schema: z.ZodType<TBody>;
  /** The form's field for a path of the body, where they differ (`useApiForm`'s). */
  fieldOf?: (bodyPath: string) => string;
  onSaved: (saved: TRecord) => void;
}) {
  const defaultValues = useMemo(draft, []);
  const original = useMemo(() => toBody(defaultValues), [defaultValues, toBody]);
  const save = useSaveRecord<Record<string, unknown>, TRecord>(collection, {
    initial,
    original,
    onSaved: (saved) => {
      kept.clear();
      onSaved(saved);
    },
  });
  const { form, submit, problem } = useApiForm<TDraft, TBody>({ defaultValues, toBody, schema, fieldOf, write: save });
  const kept = useFormDraft(`${collection}:${initial?.id ?? 'nouveau'}`, form);
  // The API is sent the form's body, as typed: it parses it with the same schema.
  const onSubmit = submit(() => save.run(toBody(form.getValues())));
  return { form, onSubmit, busy: save.busy, problem, kept, editing: initial !== undefined };
}

/** The frame of a directory record's form, around its fieldsets. */
export function RecordForm<TDraft extends FieldValues>({
  record,
  labels,
  hint = 'Les champs marqués « obligatoire » doivent être remplis.',
  createLabel,
  cancel,
  children,
}: {
  record: ReturnType<typeof useRecordForm<TDraft, unknown, { id: string }>>;
  labels: Readonly<Record<string, string>>;
  hint?: string;
  /** The button's words for a new record (« Créer le lieu »); an edit says « Enregistrer les modifications ». */
  createLabel: string;
  cancel: string;
  children: ReactNode;
}) {
  return (
    <FormFrame of={record} labels={labels} onReload={() => window.location.reload()} intro={<p className="hint">{hint}</p>}>
      {children}
      <FormActions busy={record.busy} label={record.editing ? 'Enregistrer les modifications' : createLabel} cancel={cancel} />
    </FormFrame>
  );
}

/** The organisation a new site or service belongs to: one of those the user may edit. */
export function OrganisationChoice({ onValue }: { onValue?: (organisationId: string) => void }) {
  const { data } = useDirectory();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const organisations = useMemo(() => {
    if (data.status !== 'ready') return [];
    const allowed = new Set(editableOrganisationIds(me, data.organisations));
    return data.organisations.filter((o) => allowed.has(o.id)).map((o) => [o.id, o.name] as const);
  }, [data, me]);
  return (
    <FormSelect
      name="organisationId"
      label="Structure"
      required
      placeholder="Choisissez la structure"
      options={organisations}
      onValue={onValue}
    />
  );
}

/** Phone and e-mail, side by side (`phone` and `email` unless named otherwise). */
export function PhoneAndEmail({
  phone = 'phone',
  email = 'email',
  phoneHint = 'Par exemple 05 65 12 34 56 ou +33 5 65 12 34 56',
  autoComplete,
}: {
  phone?: string;
  email?: string;
  phoneHint?: string;
  autoComplete?: string;
}) {
  return (
    <div className="field-row">
      <FormText name={phone} label="Téléphone" hint={phoneHint} type="tel" autoComplete={autoComplete} />
      <FormText name={email} label="Courriel" type="email" autoComplete={autoComplete} />
    </div>
  );
}
