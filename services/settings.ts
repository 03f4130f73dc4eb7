import type { SettingsDecls } from '../shared/config/declare';
import { APPOINTMENTS_SETTINGS } from './appointments/appointments.settings';
import { DIRECTORY_SETTINGS } from './directory/directory.settings';
import { INDICATORS_SETTINGS } from './indicators/indicators.settings';
import { INTAKE_SETTINGS } from './intake/intake.settings';
import { NOTIFICATIONS_SETTINGS } from './notifications/notifications.settings';
import { SURVEYS_SETTINGS } from './surveys/surveys.settings';

/**
 * Each service's settings by service name, without its manifest: what a function's cold start
 * checks (services/cold-start.ts) without bundling every route's schemas. A unit test keeps it
 * equal to the manifests' `settings`.
 */
export const SERVICE_SETTINGS: Readonly<Record<string, SettingsDecls>> = {
  appointments: APPOINTMENTS_SETTINGS,
  directory: DIRECTORY_SETTINGS,
  indicators: INDICATORS_SETTINGS,
  intake: INTAKE_SETTINGS,
  notifications: NOTIFICATIONS_SETTINGS,
  surveys: SURVEYS_SETTINGS,
};
