/**
 * What intake knows of the parcours, from the parcours service's events (it never reads its
 * table): which parcours a person has, open or closed, and who belongs to them. That is the
 * "person access list" of parcours members (SECURITY.md).
 */
export interface ParcoursProjection {
  parcoursId: string;
  personId: string;
  status: 'open' | 'closed';
  openedAt?: string;
  closedAt?: string;
  referentUserId?: string;
  referentOrganisationId?: string;
  territoryId?: string;
  /** When the référent last changed (a late, older change is ignored). */
  referentSince?: string;
}

export interface ParcoursMemberProjection {
  parcoursId: string;
  personId: string;
  memberId: string;
  userId?: string;
  organisationId: string;
  role: string;
  addedAt?: string;
  /** Set by `ParcoursMemberRemoved`: a tombstone, so a late `ParcoursMemberAdded` cannot bring the member back. */
  removedAt?: string;
}

/** Is this user an active member of one of these parcours that is not closed? */
export function isParcoursMember(
  userId: string,
  parcours: readonly ParcoursProjection[],
  members: readonly ParcoursMemberProjection[],
): boolean {
  const closed = new Set(parcours.filter((p) => p.status === 'closed').map((p) => p.parcoursId));
  return members.some((m) => m.userId === userId && !m.removedAt && !closed.has(m.parcoursId));
}

/** The parcours section of a person's history. */
export interface ParcoursSummary {
  parcoursId: string;
  status: 'open' | 'closed';
  openedAt: string | null;
  closedAt: string | null;
  referentOrganisationId: string | null;
  referentOrganisationName: string | null;
  territoryId: string | null;
  members: Array<{ organisationId: string; organisationName: string; role: string; since: string | null; referent: boolean }>;
}

export function parcoursSummaries(
  parcours: readonly ParcoursProjection[],
  members: readonly ParcoursMemberProjection[],
  nameOf: (organisationId: string) => string,
): ParcoursSummary[] {
  const ids = [...new Set([...parcours.map((p) => p.parcoursId), ...members.map((m) => m.parcoursId)])];
  return ids
    .map((id) => {
      const p = parcours.find((x) => x.parcoursId === id);
      return {
        parcoursId: id,
        status: p?.status ?? 'open',
        openedAt: p?.openedAt ?? null,
        closedAt: p?.closedAt ?? null,
        referentOrganisationId: p?.referentOrganisationId ?? null,
        referentOrganisationName: p?.referentOrganisationId ? nameOf(p.referentOrganisationId) : null,
        territoryId: p?.territoryId ?? null,
        members: members
          .filter((m) => m.parcoursId === id && !m.removedAt)
          .map((m) => ({
            organisationId: m.organisationId,
            organisationName: nameOf(m.organisationId),
            role: m.role,
            since: m.addedAt ?? null,
            referent: !!m.userId && m.userId === p?.referentUserId,
          })),
      };
    })
    .sort((a, b) => (b.openedAt ?? '').localeCompare(a.openedAt ?? ''));
}
