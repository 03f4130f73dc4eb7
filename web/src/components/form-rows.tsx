import type { ReactNode } from 'react';
import { useFormField } from './api-form';
import { fieldId } from './form';

/**
 * A list of rows the user adds and removes (the charter's commitments, the contacts): the
 * message of the whole list, each row with its « Retirer » button, then « Ajouter ».
 */
export function FormRows<T>({
  name,
  empty,
  addLabel,
  removeLabel,
  blank,
  firstField,
  children,
}: {
  name: string;
  empty?: string;
  addLabel: string;
  removeLabel: string;
  /** A new row: a value, or made from the rows so far (the last one's organisation). */
  blank: T | ((rows: T[]) => T);
  /** The path, below a row, of the field that takes the focus in a new row ('' : the row itself). */
  firstField: string;
  children: (index: number, remove: ReactNode) => ReactNode;
}) {
  const { value: rows, onChange, error } = useFormField<T[]>(name, false);
  const list = rows ?? [];
  return (
    <>
      {error ? <p className="field__error">{error}</p> : null}
      {empty && list.length === 0 ? <p className="hint">{empty}</p> : null}
      <ol className="rows">
        {list.map((_, index) => (
          <li key={index} className="row">
            {children(
              index,
              <button type="button" className="button button--tertiary" onClick={() => onChange(list.filter((__, i) => i !== index))}>
                {removeLabel} n° {index + 1}
              </button>,
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          onChange([...list, typeof blank === 'function' ? (blank as (rows: T[]) => T)(list) : blank]);
          const path = `${name}.${list.length}${firstField}`;
          window.requestAnimationFrame(() => document.getElementById(fieldId(path))?.focus());
        }}
      >
        {addLabel}
      </button>
    </>
  );
}
