import type { RouteOwner } from '../../shared/manifest/manifest';

/**
 * Whose functions these are (ADR 0056): what a function needs of its service without its manifest.
 * `defineService` checks it against the manifest at every assembly.
 */
export const PLATFORM = { service: 'platform', idempotencyStore: true } as const satisfies RouteOwner;
