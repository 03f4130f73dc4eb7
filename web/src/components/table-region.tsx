import { type ReactNode, useId } from 'react';

/**
 * A table in its scrollable region (a narrow screen scrolls it sideways): the region is named
 * by the table's caption and reachable by keyboard; `columns` are the header cells.
 */
export function TableRegion({
  caption,
  columns,
  testId,
  children,
}: {
  caption: ReactNode;
  columns: readonly string[];
  testId?: string;
  /** The rows. */
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrapper" aria-labelledby={captionId} tabIndex={0}>
      <table className="table" data-testid={testId}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}
