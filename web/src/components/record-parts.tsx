/**
 * The parts of a record's page that need nothing of the session: sections, facts, edit in place,
 * history. `record-page.tsx` re-exports them with the page's header and gate; the referral
 * link's page (no session) imports them from here.
 */
import { type ReactNode, useId, useState } from 'react';
import { formatDateTime } from '../labels';
import './record-page.css';

/** A titled part of a record; `headingId` when the page moves the focus to its title. */
export function RecordSection({
  title,
  headingId,
  className,
  testId,
  children,
}: {
  title: ReactNode;
  headingId?: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const ownId = useId();
  const id = headingId ?? ownId;
  return (
    <section aria-labelledby={id} className={className} data-testid={testId}>
      <h2 id={id} tabIndex={headingId ? -1 : undefined}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The record's facts, one `Fact` each. */
export function Facts({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <dl className="facts" data-testid={testId}>
      {children}
    </dl>
  );
}

export function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/**
 * A part of the record changed where it is shown: a button opens the form, which closes once
 * saved or cancelled; those who may not change it read why.
 */
export function EditInPlace({
  allowed,
  refusal,
  label,
  testId,
  children,
}: {
  allowed: boolean;
  refusal: ReactNode;
  /** The button's text (« Modifier ses accords »). */
  label: string;
  testId?: string;
  /** The form; `close` once it is saved or cancelled. */
  children: (close: () => void) => ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  if (!allowed) return <>{refusal}</>;
  if (editing) return <>{children(() => setEditing(false))}</>;
  return (
    <button type="button" className="button button--secondary" onClick={() => setEditing(true)} data-testid={testId}>
      {label}
    </button>
  );
}

/** One dated step of a record's history. */
export interface HistoryEntry {
  key: string;
  /** When it happened (ISO), shown as a date and time above the step. */
  at?: string;
  /** How the date reads; the date and time of `at` unless given. */
  when?: ReactNode;
  /** What happened, in a sentence. */
  what: ReactNode;
  /** `data-kind`, for the steps of different kinds. */
  kind?: string;
  details?: ReactNode;
}

/** The history of a record, most recent first as given, or what to say when there is none. */
export function History({ entries, empty, testId }: { entries: readonly HistoryEntry[]; empty: ReactNode; testId?: string }) {
  if (entries.length === 0) return <p>{empty}</p>;
  return (
    <ol className="timeline" data-testid={testId}>
      {entries.map((entry) => (
        <li key={entry.key} className="timeline__item" data-kind={entry.kind}>
          {entry.at || entry.when !== undefined ? (
            <p className="timeline__when">
              {entry.when ?? (entry.at ? <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> : null)}
            </p>
          ) : null}
          <p className="timeline__what">{entry.what}</p>
          {entry.details}
        </li>
      ))}
    </ol>
  );
}

/** The history as a section of the page. */
export function HistorySection({
  title,
  className,
  children,
  ...history
}: { title: string; className?: string; children?: ReactNode } & Parameters<typeof History>[0]) {
  return (
    <RecordSection title={title} className={className}>
      <History {...history} />
      {children}
    </RecordSection>
  );
}
