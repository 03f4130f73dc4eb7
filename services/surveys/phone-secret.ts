import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../../shared/auth/local-jwt';
import { settings } from '../../shared/config/settings';

let cached: string | undefined;

/**
 * The secret of the phone-number hashes (domain/phone-hash.ts). On AWS the stack provides it in
 * RELAIS_PHONE_HASH_SECRET; the local stack makes one at first use and keeps it under
 * RELAIS_DATA_DIR, like the link secret. Changing it makes every stored opt-out unmatchable:
 * it is set once per stage.
 */
export function phoneHashSecret(): string {
  if (process.env.RELAIS_PHONE_HASH_SECRET) return process.env.RELAIS_PHONE_HASH_SECRET;
  if (cached) return cached;
  if (settings().RELAIS_MODE !== 'local') throw new Error('Configuration invalide : RELAIS_PHONE_HASH_SECRET manquant');
  const file = join(dataDir(), 'phone-hash-secret');
  try {
    cached = readFileSync(file, 'utf8').trim();
  } catch {
    cached = randomBytes(32).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, cached, { mode: 0o600 });
  }
  return cached;
}

/** Forget the cached secret (tests switch data directories). */
export function resetPhoneHashSecret(): void {
  cached = undefined;
}
