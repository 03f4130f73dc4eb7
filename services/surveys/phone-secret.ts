import { loadSecret, localSecret, resetLocalSecrets } from '../../shared/auth/secrets';

/**
 * The secret of the phone-number hashes (domain/phone-hash.ts), see shared/auth/secrets.ts.
 * Changing it makes every stored opt-out unmatchable: it is set once per stage and never rotated.
 */
export const phoneHashSecret = (): string => localSecret('phoneHash');
export const loadPhoneHashSecret = (): Promise<string> => loadSecret('phoneHash');

/** Forget the cached secret (tests switch data directories). */
export const resetPhoneHashSecret = resetLocalSecrets;
