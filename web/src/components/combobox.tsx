/**
 * A type-ahead picker over a list the page already holds (themes, organisations): the ARIA 1.2
 * combobox pattern, like the commune picker, but filtered in the browser. Typing filters and
 * makes the first match active, so that « log » then Enter chooses; arrows move, Escape closes
 * (then clears), a polite live region says how many match. With an empty input, Enter is left to
 * the form around it: it submits. Picking with the mouse or a finger works too.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { fold } from '../labels';

export interface ComboOption {
  value: string;
  label: string;
  /** Said after the label, smaller (the category of a theme, the kind of an organisation). */
  detail?: string;
}

interface Props {
  /** Id of the input: error summaries link to it. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  options: readonly ComboOption[];
  /** Values not to offer (already chosen). */
  exclude?: ReadonlySet<string>;
  onPick: (option: ComboOption) => void;
  /**
   * `multi`: the input empties after each choice, for the next one. `single`: it shows the
   * choice; typing again drops it (`onClear`).
   */
  mode: 'single' | 'multi';
  onClear?: () => void;
  /** The text shown at first (single mode: the current choice). */
  initialText?: string;
  /** What a screen reader hears for one match, and for several: « thématique », « thématiques ». */
  noun: [string, string];
  /** Extra ids for aria-describedby (the list of chosen values, say). */
  describedBy?: string;
  /** Called on Backspace in an empty input (multi mode: remove the last choice). */
  onBackspaceEmpty?: () => void;
  placeholder?: string;
}

const SHOWN = 50;

/** Every word typed is in the label or the detail; labels that start with it come first. */
function matching(options: readonly ComboOption[], text: string, exclude?: ReadonlySet<string>): ComboOption[] {
  const words = fold(text)
    .split(/[\s'’-]+/)
    .filter(Boolean);
  const candidates = options.filter((o) => !exclude?.has(o.value));
  if (words.length === 0) return candidates;
  const scored: Array<{ option: ComboOption; score: number; index: number }> = [];
  candidates.forEach((option, index) => {
    const label = fold(option.label);
    const haystack = `${label} ${fold(option.detail ?? '')}`;
    if (!words.every((w) => haystack.includes(w))) return;
    const first = words[0] ?? '';
    const score = label.startsWith(first) ? 0 : label.split(/[\s'’-]+/).some((part) => part.startsWith(first)) ? 1 : 2;
    scored.push({ option, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.option);
}

export function Combobox({
  id,
  label,
  hint,
  error,
  required,
  options,
  exclude,
  onPick,
  mode,
  onClear,
  initialText = '',
  noun,
  describedBy: extraDescribedBy,
  onBackspaceEmpty,
  placeholder,
}: Props) {
  const generated = useId();
  const listId = `${generated}-liste`;
  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  const [text, setText] = useState(initialText);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  /** Single mode: the label of the current choice (the input shows it; no list for it). */
  const chosen = useRef<string | null>(initialText || null);

  const items = useMemo(() => (text === chosen.current ? [] : matching(options, text, exclude).slice(0, SHOWN)), [options, text, exclude]);
  const [one, many] = noun;

  // The option reached with the arrows stays in sight when the list scrolls.
  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, listId]);

  const announce = (count: number, typed: string) => {
    if (typed.trim() === '') return setStatus('');
    setStatus(
      count === 0
        ? `Aucune ${one} ne correspond.`
        : `${count >= SHOWN ? `Au moins ${SHOWN}` : count} ${count > 1 ? many : one} : flèches haut et bas pour parcourir, Entrée pour choisir.`,
    );
  };

  const change = (value: string) => {
    if (chosen.current !== null && value !== chosen.current) {
      chosen.current = null;
      onClear?.();
    }
    setText(value);
    const found = matching(options, value, exclude);
    const typed = value.trim() !== '';
    setOpen(typed && found.length > 0);
    setActive(typed && found.length > 0 ? 0 : -1);
    announce(found.length, value);
  };

  const pick = (option: ComboOption) => {
    onPick(option);
    setOpen(false);
    setActive(-1);
    if (mode === 'multi') {
      chosen.current = null;
      setText('');
      setStatus(`${option.label} ajoutée.`);
    } else {
      chosen.current = option.label;
      setText(option.label);
      setStatus(`${option.label} choisie.`);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (items.length === 0) return;
        event.preventDefault();
        const down = event.key === 'ArrowDown';
        if (!open) {
          setOpen(true);
          setActive(down ? 0 : items.length - 1);
          setStatus(`${items.length} ${items.length > 1 ? many : one} : Entrée pour choisir.`);
          return;
        }
        setActive((i) => (down ? (i + 1) % items.length : i <= 0 ? items.length - 1 : i - 1));
        return;
      }
      case 'Enter': {
        if (open && active >= 0 && items[active]) {
          event.preventDefault();
          pick(items[active]);
          return;
        }
        // Text that matches nothing must not be sent with the form as if it were a choice.
        if (text.trim() !== '' && text !== chosen.current) {
          event.preventDefault();
          setStatus(items.length === 0 ? `Aucune ${one} ne correspond.` : `Choisissez une ${one} dans la liste.`);
          setOpen(items.length > 0);
        }
        return;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== '' && mode === 'multi') {
          event.preventDefault();
          setText('');
          setStatus('');
        }
        return;
      case 'Backspace':
        if (text === '' && onBackspaceEmpty) onBackspaceEmpty();
        return;
      default:
    }
  };

  const describedBy = [hint ? hintId : null, error ? errorId : null, extraDescribedBy ?? null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field combobox${error ? ' field--error' : ''}`}>
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
      <div className="combobox__box">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          value={text}
          onChange={(event) => change(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <div className="combobox__list" id={listId} role="listbox" aria-label={`Suggestions : ${many}`} hidden={!open}>
          {items.map((option, index) => (
            <div
              key={option.value}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // Options are pointed at by aria-activedescendant; the focus stays in the input.
              tabIndex={-1}
              className={index === active ? 'combobox__option combobox__option--active' : 'combobox__option'}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(option)}
              onKeyDown={() => undefined}
            >
              <span className="combobox__name">{option.label}</span>
              {option.detail ? <span className="combobox__detail"> — {option.detail}</span> : null}
            </div>
          ))}
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
