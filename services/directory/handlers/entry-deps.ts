import { newId } from '../../../shared/validation/common.schema';
import type { EntryDeps } from '../domain/directory.ports';
import { DynamoDirectoryEntries } from '../store/entries.repository';

// The functions that only read and write entries (an organisation, a site, a service, one at a
// time: create, edit, moderate, import, read one) take this store, not the whole repository of
// deps.ts: class methods are never tree-shaken, and the whole one carries the lists, their signed
// cursors (shared/dynamo/paging.ts) and the link secret under them (docs/adr/0053).

/** Production wiring, built once per process (module scope). */
export const entryDeps: EntryDeps = {
  repository: /* @__PURE__ */ new DynamoDirectoryEntries(),
  clock: { now: () => new Date() },
  newId,
};
