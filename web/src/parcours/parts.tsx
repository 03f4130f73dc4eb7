/** Pieces shared by the parcours page's sections. */
import type { ReactNode } from 'react';
import { RecordSection } from '../components/record-page';
import type { ParcoursMember } from './parcours-types';

/** A section of the parcours page: spaced from the others, left out of the printed plan. */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <RecordSection title={title} className="parcours-section no-print" testId={testId}>
      {children}
    </RecordSection>
  );
}

export function memberLabel(m: ParcoursMember | undefined, organisationName: (id: string) => string): string {
  if (!m) return 'Membre inconnu';
  return `${m.name} (${m.role}, ${organisationName(m.organisationId)})`;
}

/** The owner of an action the person carries out herself (ADR 0038): she is no member. */
export const PERSON_OWNER = 'personne';

/** Who carries out an action: a member, or the person herself. */
export function ownerLabel(
  ownerId: string,
  members: ReadonlyMap<string, ParcoursMember>,
  organisationName: (id: string) => string,
): string {
  return ownerId === PERSON_OWNER ? 'La personne elle-même' : memberLabel(members.get(ownerId), organisationName);
}
