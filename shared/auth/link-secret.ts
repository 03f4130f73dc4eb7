import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { settings } from '../config/settings';
import { dataDir } from './local-jwt';

let cached: string | undefined;

/**
 * The secret that signs links given to partners (see signed-link.ts). On AWS the stack provides
 * it in RELAIS_LINK_SECRET; the local stack makes one at first use and keeps it under
 * RELAIS_DATA_DIR, like its token key.
 */
export function linkSecret(): string {
  if (process.env.RELAIS_LINK_SECRET) return process.env.RELAIS_LINK_SECRET;
  if (cached) return cached;
  if (settings().RELAIS_MODE !== 'local') throw new Error('Configuration invalide : RELAIS_LINK_SECRET manquant');
  const file = join(dataDir(), 'link-secret');
  try {
    cached = readFileSync(file, 'utf8').trim();
  } catch {
    cached = randomBytes(32).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, cached, { mode: 0o600 });
  }
  return cached;
}
