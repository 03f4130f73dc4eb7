/**
 * The themes of a request, picked by typing: « log » → « Logement et hébergement ». Each chosen
 * theme shows as a tag with its remove button; Backspace in the empty input removes the last one.
 * The data·inclusion categories come first, then their sub-themes (with the category as detail).
 */
import { useId, useMemo } from 'react';
import { THEME_TREE, themeLabel } from '../labels';
import { type ComboOption, Combobox } from './combobox';
import { fieldId } from './form';

const THEME_OPTIONS: readonly ComboOption[] = THEME_TREE.flatMap((group) => [
  { value: group.category, label: group.label, detail: 'toute la thématique' },
  ...group.themes.map(([value, label]) => ({ value, label, detail: group.label })),
]);

export function ThemeSelect({
  path = 'themes',
  label = 'Thématiques de la demande',
  hint = 'Tapez le début d’un mot (« loge », « dette », « santé »), puis Entrée. Plusieurs thématiques possibles.',
  error,
  required = true,
  values,
  onChange,
}: {
  path?: string;
  label?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  values: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const id = fieldId(path);
  const chosenId = useId();
  const exclude = useMemo(() => new Set(values), [values]);
  const remove = (value: string) => {
    onChange(values.filter((v) => v !== value));
    // The remove button disappears: the focus goes back to the input, not to the page's top.
    document.getElementById(id)?.focus();
  };
  return (
    <div className="theme-select" data-testid="theme-select">
      <Combobox
        id={id}
        label={label}
        hint={hint}
        error={error}
        required={required}
        options={THEME_OPTIONS}
        exclude={exclude}
        mode="multi"
        noun={['thématique', 'thématiques']}
        describedBy={chosenId}
        onPick={(option) => onChange([...values, option.value])}
        onBackspaceEmpty={() => {
          const last = values[values.length - 1];
          if (last) onChange(values.slice(0, -1));
        }}
      />
      <span id={chosenId} className="visually-hidden">
        {values.length === 0 ? 'Aucune thématique choisie.' : `Choisies : ${values.map(themeLabel).join(', ')}.`}
      </span>
      <div className="theme-select__chosen">
        {values.length === 0 ? (
          <p className="hint" aria-hidden="true">
            Aucune thématique choisie.
          </p>
        ) : (
          <ul className="chips" aria-label="Thématiques choisies">
            {values.map((value) => (
              <li key={value} className="chip">
                <span>{themeLabel(value)}</span>
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={`Retirer « ${themeLabel(value)} »`}
                  onClick={() => remove(value)}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
