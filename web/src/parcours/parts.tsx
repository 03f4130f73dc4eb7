/** Pieces shared by the parcours page's sections. */
import { type ReactNode, useId } from 'react';
import type { ParcoursMember } from './parcours-types';

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="parcours-section no-print" data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function memberLabel(m: ParcoursMember | undefined, organisationName: (id: string) => string): string {
  if (!m) return 'Membre inconnu';
  return `${m.name} (${m.role}, ${organisationName(m.organisationId)})`;
}
