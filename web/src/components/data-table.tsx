/**
 * A table of records: its caption (shown, or read to screen readers only), a header cell per
 * column (a `null` column is left out, for a column only some users see), then the rows. A wide
 * table scrolls in a region the keyboard reaches (`scrolls`, WCAG 2.1.1).
 */
import { type ReactNode, useId } from 'react';

export function DataTable({
  caption,
  hiddenCaption = false,
  columns,
  testId,
  scrolls = false,
  children,
}: {
  caption: ReactNode;
  hiddenCaption?: boolean;
  columns: readonly (string | null)[];
  testId?: string;
  scrolls?: boolean;
  /** The rows (`<tr>`), inside the table's body. */
  children: ReactNode;
}) {
  const captionId = useId();
  const table = (
    <table className="table" data-testid={testId}>
      <caption id={captionId} className={hiddenCaption ? 'visually-hidden' : undefined}>
        {caption}
      </caption>
      <thead>
        <tr>
          {columns.map((column) =>
            column === null ? null : (
              <th key={column} scope="col">
                {column}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scrolls ? (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrapper" aria-labelledby={captionId} tabIndex={0}>
      {table}
    </section>
  ) : (
    <div className="table-wrapper">{table}</div>
  );
}
