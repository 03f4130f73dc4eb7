/** `#/invitation/<token>`: the link a professional gave her (ADR 0036). */
const INVITATION = /^#\/invitation\/([\w-]+\.[\w-]+)$/;

export const invitationOf = (hash: string): string | null => INVITATION.exec(hash)?.[1] ?? null;

/** The page of her space the hash names (`#/mon-dossier` → `mon-dossier`; `''` is the home). */
export const sectionPathOf = (hash: string): string => hash.replace(/^#\/?/, '').replace(/\/+$/, '');

/** The real path of her space: its own entry of the SPA, served as index.html. */
export const isMonEspacePath = (pathname: string): boolean => /^\/mon-espace\/?$/.test(pathname);
