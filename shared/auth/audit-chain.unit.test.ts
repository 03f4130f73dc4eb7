import fc from 'fast-check';
import { type ChainedEntry, type ChainedFields, GENESIS_HASH, chainAfter, entryHash, verifyChain } from './audit-chain';

const line = (n: number, over: Partial<ChainedFields> = {}) => ({
  personId: '01KDVD0000000000000000000P',
  at: `2026-12-06T10:00:${String(n).padStart(2, '0')}.000Z`,
  actorId: `user-${n}`,
  actorName: 'Agent Test',
  actorOrganisationId: 'CD46',
  actorRoles: ['accueil'],
  action: 'read',
  route: 'GET /api/persons/{id}/history',
  purpose: 'accueil',
  ...over,
});

const chainOf = (count: number) =>
  chainAfter(
    undefined,
    Array.from({ length: count }, (_, i) => line(i)),
  );

describe('the audit chain (SECURITY.md: append-only, chained per person)', () => {
  it('numbers entries from 1, links each to the previous hash, and leaves the head on the last', () => {
    const { entries, head } = chainOf(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    expect(head).toEqual({ seq: 3, hash: entries[2]!.hash });
    expect(entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('continues after an existing head', () => {
    const first = chainOf(2);
    const next = chainAfter(first.head, [line(5)]);
    expect(next.entries[0]).toMatchObject({ seq: 3, prevHash: first.head.hash });
    expect(verifyChain([...first.entries, ...next.entries], next.head)).toEqual({ ok: true, entries: 3 });
  });

  it('hashes every field: the same line with one field changed gives another hash', () => {
    const base = { ...line(1), seq: 1, prevHash: GENESIS_HASH };
    const hash = entryHash(base);
    expect(entryHash({ ...base })).toBe(hash);
    for (const changed of [
      { purpose: 'orientation' },
      { actorId: 'someone-else' },
      { actorName: 'Autre' },
      { actorOrganisationId: null },
      { actorRoles: ['pilote'] },
      { action: 'update' },
      { route: 'GET /api/persons' },
      { at: '2026-12-06T10:00:02.000Z' },
      { seq: 2 },
      { prevHash: 'f'.repeat(64) },
      { exceptional: true },
      { reason: 'danger' },
    ]) {
      expect([changed, entryHash({ ...base, ...changed })]).not.toEqual([changed, hash]);
    }
  });

  it('accepts an intact chain, and an empty one without head', () => {
    const { entries, head } = chainOf(5);
    expect(verifyChain(entries, head)).toEqual({ ok: true, entries: 5 });
    expect(verifyChain([], undefined)).toEqual({ ok: true, entries: 0 });
  });

  it('finds an altered entry where it is', () => {
    const { entries, head } = chainOf(5);
    const altered = entries.map((e) => (e.seq === 3 ? { ...e, purpose: 'orientation' } : e));
    expect(verifyChain(altered, head)).toEqual({ ok: false, entries: 5, brokenAt: 3 });
  });

  it('finds an altered entry even when its hash was recomputed (the next one no longer points to it)', () => {
    const { entries, head } = chainOf(5);
    const forged = entries.map((e) => {
      if (e.seq !== 2) return e;
      const changed = { ...e, actorId: 'someone-else' };
      return { ...changed, hash: entryHash(changed) };
    });
    expect(verifyChain(forged, head)).toEqual({ ok: false, entries: 5, brokenAt: 3 });
  });

  it('finds a deleted entry in the middle, the first one, and the last one (the head is ahead)', () => {
    const { entries, head } = chainOf(5);
    expect(
      verifyChain(
        entries.filter((e) => e.seq !== 3),
        head,
      ),
    ).toEqual({ ok: false, entries: 4, brokenAt: 3 });
    expect(verifyChain(entries.slice(1), head)).toEqual({ ok: false, entries: 4, brokenAt: 1 });
    expect(verifyChain(entries.slice(0, 4), head)).toEqual({ ok: false, entries: 4, brokenAt: 5 });
  });

  it('finds a removed head, an entry added behind the head, and a re-hashed tail', () => {
    const { entries, head } = chainOf(3);
    expect(verifyChain(entries, undefined)).toEqual({ ok: false, entries: 3, brokenAt: 3 });
    const extra = chainAfter(head, [line(9)]).entries;
    expect(verifyChain([...entries, ...extra], head)).toEqual({ ok: false, entries: 4, brokenAt: 4 });
    const last = { ...entries[2]!, purpose: 'controle' };
    const rehashed: ChainedEntry[] = [entries[0]!, entries[1]!, { ...last, hash: entryHash(last) }];
    expect(verifyChain(rehashed, head)).toEqual({ ok: false, entries: 3, brokenAt: 3 });
  });

  it('detects any change of any one field of any entry (property)', () => {
    const fields = ['at', 'actorId', 'actorName', 'action', 'route', 'purpose', 'prevHash', 'hash'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        fc.constantFrom(...fields),
        fc.string({ minLength: 1, maxLength: 10 }),
        (count, pick, field, suffix) => {
          const { entries, head } = chainOf(count);
          const at = pick % count;
          const tampered = entries.map((e, i) => (i === at ? { ...e, [field]: `${e[field]}${suffix}` } : e));
          const result = verifyChain(tampered, head);
          return !result.ok && result.brokenAt !== undefined && result.brokenAt <= at + 2;
        },
      ),
    );
  });
});
