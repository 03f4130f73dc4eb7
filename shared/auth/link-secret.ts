import { loadSecret, localSecret } from './secrets';

/**
 * The secret that signs links given to partners (see signed-link.ts and secrets.ts): locally
 * RELAIS_LINK_SECRET or the local stack's own; `loadLinkSecret()` also reads it from Secrets
 * Manager on AWS, where the stack passes only its ARN.
 */
export const linkSecret = (): string => localSecret('link');
export const loadLinkSecret = (): Promise<string> => loadSecret('link');
