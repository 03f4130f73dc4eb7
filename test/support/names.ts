/**
 * Names for test persons that intake never takes for possible duplicates of one another.
 *
 * Intake flags a new person whose last (or first) name is at most one letter away from a record
 * with the same other name and birth date (services/intake/domain/names.ts). Random suffixes
 * collide now and then (a failed CI run: two « Rendezvous… » six letters long, one letter apart).
 * Here each call gets the next number written in letters, twice: two different numbers differ in
 * at least one letter of each copy, so two names are always at least two letters apart.
 */
let next = 0;
// A per-process start, so that two test files sharing a table do not begin from the same name.
const start = process.pid % 1000;

export function distinctName(prefix: string): string {
  const n = start * 1000 + next++;
  const letters = n
    .toString(26)
    .padStart(5, '0')
    .replace(/[0-9a-p]/g, (c) => String.fromCharCode(97 + Number.parseInt(c, 26)));
  return `${prefix}${letters}${letters}`;
}
