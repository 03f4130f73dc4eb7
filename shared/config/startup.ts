import type { ServiceManifest } from '../manifest/manifest';
import { type SettingsDecls, checkSettings } from './declare';
import { KERNEL_SETTINGS } from './settings';

/**
 * Every setting of the kernel and of these services, checked at once against `env`: throws a
 * SettingsError naming each refused variable and its rule (French, then English). `npm start`
 * runs it before anything else; on AWS each function runs it at cold start (services/cold-start.ts).
 */
export function checkStartupSettings(
  services: readonly Pick<ServiceManifest, 'settings'>[],
  env: Record<string, string | undefined> = process.env,
): void {
  const sets: SettingsDecls[] = [KERNEL_SETTINGS, ...services.flatMap((s) => (s.settings ? [s.settings] : []))];
  checkSettings(sets, env);
}
