import { normalizeText } from '../../../shared/validation/text';

/**
 * Names as they are compared and searched: accents and case removed, hyphens and apostrophes
 * folded to spaces ("Delpérié" → "delperie", "Jean-Pierre" → "jean pierre"). Pure.
 */
export const normaliseName = (value: string): string => normalizeText(value);

/** Search entries are grouped by the first two characters of their key (index partition). */
export const SEARCH_PREFIX_LENGTH = 2;

/** The key a name is searched by: "<last> <first>" (or "<first> <last>" for the second index). */
export function searchKey(leading: string, trailing: string): string {
  return `${normaliseName(leading)} ${normaliseName(trailing)}`;
}

export function searchPartition(key: string): string {
  return key.slice(0, SEARCH_PREFIX_LENGTH);
}

/** Edit distance (insertions, deletions, substitutions), enough for "close spelling". */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export interface NamedPerson {
  id: string;
  lastName: string;
  firstName: string;
  birthDate?: string;
}

/**
 * Who may be the same person as the one about to be created (DOMAIN: avoid two records for one
 * person). With a birth date: the same birth date and either the same first name and a last
 * name at most one letter away, or the same last name and a first name at most one letter away;
 * or exactly the same names on a record without a birth date. Without a birth date: exactly the
 * same names, whatever the birth date on record.
 */
export function isPossibleDuplicate(candidate: Omit<NamedPerson, 'id'>, existing: NamedPerson): boolean {
  const last = normaliseName(candidate.lastName);
  const first = normaliseName(candidate.firstName);
  const otherLast = normaliseName(existing.lastName);
  const otherFirst = normaliseName(existing.firstName);
  const sameNames = last === otherLast && first === otherFirst;
  if (!candidate.birthDate || !existing.birthDate) return sameNames;
  if (candidate.birthDate !== existing.birthDate) return false;
  return (first === otherFirst && levenshtein(last, otherLast) <= 1) || (last === otherLast && levenshtein(first, otherFirst) <= 1);
}

/** The possible duplicates among `found`, each once, in name order. */
export function duplicatesOf<T extends NamedPerson>(candidate: Omit<NamedPerson, 'id'>, found: readonly T[]): T[] {
  const seen = new Set<string>();
  return found
    .filter((p) => {
      if (seen.has(p.id) || !isPossibleDuplicate(candidate, p)) return false;
      seen.add(p.id);
      return true;
    })
    .sort((a, b) => searchKey(a.lastName, a.firstName).localeCompare(searchKey(b.lastName, b.firstName)) || a.id.localeCompare(b.id));
}
