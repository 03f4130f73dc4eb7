import { themeLabel } from '../labels';

const SHOWN = 4;

/** A site's themes in French; beyond a few, the rest folds away. */
export function ThemeList({ themes }: { themes: readonly string[] }) {
  if (themes.length === 0) return <span className="muted">Non renseignées</span>;
  const labels = themes.map(themeLabel).sort((a, b) => a.localeCompare(b, 'fr'));
  const first = labels.slice(0, SHOWN);
  const rest = labels.slice(SHOWN);
  return (
    <>
      <ul className="tags">
        {first.map((label) => (
          <li key={label} className="tag">
            {label}
          </li>
        ))}
      </ul>
      {rest.length > 0 ? (
        <details className="more-tags">
          <summary>
            et {rest.length} autre{rest.length > 1 ? 's' : ''}
          </summary>
          <ul className="tags">
            {rest.map((label) => (
              <li key={label} className="tag">
                {label}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function OpeningHours({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return <span className="muted">Non renseignés</span>;
  return (
    <ul className="plain-list">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
