import { createHash } from 'node:crypto';

/**
 * The audit log is chained per person (SECURITY.md): each entry carries its sequence number,
 * the hash of the previous entry of that person (`prevHash`) and its own hash, computed over
 * everything it says. A per-person head item holds the last sequence number and hash. Pure
 * functions here; the store is in shared/auth/audit.ts, the verification route in platform.
 */

/** `prevHash` of a person's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry says, as it is hashed (the item stores the same fields). */
export interface ChainedFields {
  personId: string;
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  actorOrganisationId: string | null;
  actorRoles: readonly string[];
  action: string;
  route: string;
  purpose: string;
  exceptional?: boolean;
  /** Why an exceptional access was used (its category, never the free-text details). */
  reason?: string;
  prevHash: string;
}

export interface ChainedEntry extends ChainedFields {
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * SHA-256 over a fixed-order array of the fields: no dependency on key order, and a field
 * moved into another cannot give the same input.
 */
export function entryHash(e: ChainedFields): string {
  const canonical = JSON.stringify([
    'relais-audit-v1',
    e.personId,
    e.seq,
    e.at,
    e.actorId,
    e.actorName,
    e.actorOrganisationId,
    [...e.actorRoles],
    e.action,
    e.route,
    e.purpose,
    e.exceptional === true,
    e.reason ?? null,
    e.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Chain new lines of one person after her head (none yet: the chain starts). Returns the entries and the new head. */
export function chainAfter(
  head: ChainHead | undefined,
  lines: ReadonlyArray<Omit<ChainedFields, 'seq' | 'prevHash'>>,
): { entries: ChainedEntry[]; head: ChainHead } {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const entries: ChainedEntry[] = [];
  for (const line of lines) {
    seq += 1;
    const fields: ChainedFields = { ...line, seq, prevHash };
    const hash = entryHash(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return { entries, head: { seq, hash: prevHash } };
}

export interface Verification {
  ok: boolean;
  /** How many chained entries were read. */
  entries: number;
  /** The sequence number of the first entry that cannot be trusted (altered, missing, or after a break). */
  brokenAt?: number;
}

/**
 * Check a person's entries (in sequence order) against each other and against her head:
 * - an altered entry no longer matches its own hash;
 * - a deleted entry leaves a gap in the sequence, or the next entry's `prevHash` pointing nowhere;
 * - a deleted last entry (or last few) leaves the head ahead of the entries;
 * - an entry re-hashed after an alteration breaks the next entry's `prevHash`, or the head's hash.
 */
export function verifyChain(entries: readonly ChainedEntry[], head: ChainHead | undefined): Verification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { ok: false, entries: entries.length, brokenAt: Math.min(entry.seq, expectedSeq) };
    if (entry.prevHash !== prevHash || entryHash(entry) !== entry.hash) return { ok: false, entries: entries.length, brokenAt: entry.seq };
    prevHash = entry.hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (!head) {
    // No head but entries: the anchor was removed, nothing proves the tail is complete.
    return lastSeq === 0 ? { ok: true, entries: 0 } : { ok: false, entries: entries.length, brokenAt: lastSeq };
  }
  if (head.seq > lastSeq) return { ok: false, entries: entries.length, brokenAt: lastSeq + 1 };
  // Entries beyond the head were added without it: the first of them is suspect.
  if (head.seq < lastSeq) return { ok: false, entries: entries.length, brokenAt: head.seq + 1 };
  // Same length, another last hash: the tail was rewritten and re-hashed.
  if (head.hash !== prevHash) return { ok: false, entries: entries.length, brokenAt: lastSeq };
  return { ok: true, entries: entries.length };
}
