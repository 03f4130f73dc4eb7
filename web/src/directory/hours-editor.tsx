/**
 * Opening hours for people: each day « fermé » or one or more time ranges, public holidays and
 * closures by date range; it writes the OpenStreetMap `opening_hours` string of the form's
 * `openingHours` field (`hours.ts`). A string the editor cannot say (« 24/7 », months…) is kept
 * and edited as text, in the « saisie experte » disclosure that stays open to experts anyway.
 * The server checks the string with the reference library and answers in French (ADR 0018).
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useFormField } from '../components/api-form';
import { TextField } from '../components/form';
import './hours-editor.css';
import { DAY_NAMES, fromOsm, type HoursModel, hoursProblems, type TimeRange, toOsm } from './hours';

const EMPTY_RANGE: TimeRange = { start: '', end: '' };
const WORKDAYS = [1, 2, 3, 4];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function HoursEditor({
  name = 'openingHours',
  example,
  after = '',
  hint,
}: {
  name?: string;
  /** An example of the syntax, for the expert field. */
  example: string;
  after?: ReactNode;
  /** What the grid's hint adds (« aucun jour ouvert : ceux du lieu »). */
  hint?: string;
}) {
  const { value, onChange, error, path } = useFormField<string>(name);
  const text = value ?? '';
  const [model, setModel] = useState<HoursModel | null>(() => fromOsm(text));
  const [expertOpen, setExpertOpen] = useState(false);
  const [status, setStatus] = useState('');
  const written = useRef(text);
  const [focusId, setFocusId] = useState<string | null>(null);
  const id = useId();
  const idOf = (part: string) => `${id}-${part}`.replace(/:/g, '');

  // A value set from outside (a kept draft restored, a reset) is read again.
  useEffect(() => {
    if (text !== written.current) {
      written.current = text;
      setModel(fromOsm(text));
    }
  }, [text]);

  useEffect(() => {
    if (focusId) {
      document.getElementById(focusId)?.focus();
      setFocusId(null);
    }
  }, [focusId]);

  const write = (next: HoursModel) => {
    setModel(next);
    const osm = toOsm(next);
    written.current = osm;
    onChange(osm);
  };
  const writeText = (next: string) => {
    written.current = next;
    onChange(next);
    setModel(fromOsm(next));
  };

  const setDay = (d: number, ranges: TimeRange[]) => {
    if (!model) return;
    write({ ...model, days: model.days.map((r, i) => (i === d ? ranges : r)) });
  };

  const problems = model ? hoursProblems(model) : [];
  const problemsId = idOf('problemes');

  return (
    <fieldset
      className="fieldset fieldset--nested hours-editor"
      aria-describedby={`${idOf('aide')}${problems.length ? ` ${problemsId}` : ''}`}
    >
      <legend>Horaires d’ouverture</legend>
      <p className="hint" id={idOf('aide')}>
        Pour chaque jour : fermé, ou une ou plusieurs plages horaires (heures sur 24 h).{hint ? ` ${hint}` : ''}
      </p>
      {model ? (
        <>
          {model.days.map((ranges, d) => {
            const day = DAY_NAMES[d] ?? '';
            const closed = ranges.length === 0;
            return (
              <fieldset key={day} className="hours-editor__day">
                <legend>{capital(day)}</legend>
                <label className="hours-editor__check">
                  <input
                    type="checkbox"
                    id={idOf(`ferme-${d}`)}
                    checked={closed}
                    onChange={(event) => {
                      if (event.target.checked) setDay(d, []);
                      else {
                        setDay(d, [{ ...EMPTY_RANGE }]);
                        setFocusId(idOf(`debut-${d}-0`));
                      }
                    }}
                  />{' '}
                  Fermé<span className="visually-hidden"> le {day}</span>
                </label>
                {ranges.map((range, k) => (
                  <div className="hours-editor__range" key={k}>
                    <div className="field">
                      <label htmlFor={idOf(`debut-${d}-${k}`)}>
                        De
                        <span className="visually-hidden">
                          {' '}
                          ({day}, plage {k + 1})
                        </span>
                      </label>
                      <input
                        type="time"
                        id={idOf(`debut-${d}-${k}`)}
                        value={range.start}
                        onChange={(event) =>
                          setDay(
                            d,
                            ranges.map((r, i) => (i === k ? { ...r, start: event.target.value } : r)),
                          )
                        }
                      />
                    </div>
                    <div className="field">
                      <label htmlFor={idOf(`fin-${d}-${k}`)}>
                        À
                        <span className="visually-hidden">
                          {' '}
                          ({day}, plage {k + 1})
                        </span>
                      </label>
                      <input
                        type="time"
                        id={idOf(`fin-${d}-${k}`)}
                        value={range.end}
                        onChange={(event) =>
                          setDay(
                            d,
                            ranges.map((r, i) => (i === k ? { ...r, end: event.target.value } : r)),
                          )
                        }
                      />
                    </div>
                    {ranges.length > 1 ? (
                      <button
                        type="button"
                        className="button button--tertiary"
                        onClick={() => {
                          setDay(
                            d,
                            ranges.filter((_, i) => i !== k),
                          );
                          setFocusId(idOf(`ajouter-${d}`));
                        }}
                      >
                        Retirer
                        <span className="visually-hidden">
                          {' '}
                          la plage {k + 1} du {day}
                        </span>
                      </button>
                    ) : null}
                  </div>
                ))}
                {closed ? null : (
                  <button
                    type="button"
                    id={idOf(`ajouter-${d}`)}
                    className="button button--secondary"
                    onClick={() => {
                      setDay(d, [...ranges, { ...EMPTY_RANGE }]);
                      setFocusId(idOf(`debut-${d}-${ranges.length}`));
                    }}
                  >
                    Ajouter une plage<span className="visually-hidden"> le {day}</span>
                  </button>
                )}
                {d === 0 ? (
                  <button
                    type="button"
                    id={idOf('copier')}
                    className="button button--secondary"
                    onClick={() => {
                      write({ ...model, days: model.days.map((r, i) => (WORKDAYS.includes(i) ? ranges.map((x) => ({ ...x })) : r)) });
                      setStatus(
                        closed
                          ? 'Mardi, mercredi, jeudi et vendredi : fermés, comme le lundi.'
                          : 'Horaires du lundi copiés sur mardi, mercredi, jeudi et vendredi.',
                      );
                    }}
                  >
                    Copier sur les jours ouvrés<span className="visually-hidden"> (du mardi au vendredi, comme le lundi)</span>
                  </button>
                ) : null}
              </fieldset>
            );
          })}
          <p className="visually-hidden" aria-live="polite">
            {status}
          </p>

          <fieldset className="hours-editor__day">
            <legend>Exceptions</legend>
            <label className="hours-editor__check">
              <input
                type="checkbox"
                id={idOf('feries')}
                checked={model.holidaysClosed}
                onChange={(event) => write({ ...model, holidaysClosed: event.target.checked })}
              />{' '}
              Jours fériés : fermé
            </label>
            {model.closures.map((closure, k) => (
              <div className="hours-editor__range" key={k}>
                <div className="field">
                  <label htmlFor={idOf(`du-${k}`)}>
                    Fermé du<span className="visually-hidden"> (fermeture {k + 1})</span>
                  </label>
                  <input
                    type="date"
                    id={idOf(`du-${k}`)}
                    value={closure.from}
                    onChange={(event) =>
                      write({ ...model, closures: model.closures.map((c, i) => (i === k ? { ...c, from: event.target.value } : c)) })
                    }
                  />
                </div>
                <div className="field">
                  <label htmlFor={idOf(`au-${k}`)}>
                    au (inclus)<span className="visually-hidden"> (fermeture {k + 1})</span>
                  </label>
                  <input
                    type="date"
                    id={idOf(`au-${k}`)}
                    value={closure.to}
                    onChange={(event) =>
                      write({ ...model, closures: model.closures.map((c, i) => (i === k ? { ...c, to: event.target.value } : c)) })
                    }
                  />
                </div>
                <button
                  type="button"
                  className="button button--tertiary"
                  onClick={() => {
                    write({ ...model, closures: model.closures.filter((_, i) => i !== k) });
                    setFocusId(idOf('fermeture'));
                  }}
                >
                  Retirer<span className="visually-hidden"> la fermeture {k + 1}</span>
                </button>
              </div>
            ))}
            <button
              type="button"
              id={idOf('fermeture')}
              className="button button--secondary"
              onClick={() => {
                write({ ...model, closures: [...model.closures, { from: '', to: '' }] });
                setFocusId(idOf(`du-${model.closures.length}`));
              }}
            >
              Ajouter une fermeture (congés, travaux…)
            </button>
          </fieldset>

          {problems.length > 0 ? (
            <ul className="field__error hours-editor__problems" id={problemsId}>
              {problems.map((p) => (
                <li key={p}>Erreur : {p}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="hours-editor__advanced">
          <strong>Horaires avancés : modifiables en texte</strong> (saisie experte ci-dessous).
        </p>
      )}

      <details
        className="hours-editor__expert"
        open={expertOpen || model === null || Boolean(error)}
        onToggle={(event) => setExpertOpen(event.currentTarget.open)}
      >
        <summary>Saisie experte</summary>
        <TextField
          path={path}
          label="Horaires (format OpenStreetMap)"
          value={text}
          onChange={writeText}
          error={error}
          hint={
            <>
              Par exemple <code>{example}</code>
              {after}
            </>
          }
          spellCheck={false}
          autoComplete="off"
        />
      </details>
    </fieldset>
  );
}
