import { routeFactory } from '../../../shared/manifest/manifest';
import { DIRECTORY } from '../owner';

/** Declares one of directory's routes; `defineService` checks at assembly that the owner matches the manifest. */
export const directoryRoute = routeFactory(DIRECTORY);

/** Who edits the directory (SECURITY.md): partners their own entries only, checked in the use cases. */
export const EDITORS = ['pilote', 'admin', 'partenaire'] as const;

/** The coordinator's tools: network events, coverage, exports and imports. */
export const COORDINATION = ['pilote', 'admin'] as const;

export const handler = (name: string) => `services/directory/handlers/${name}`;
