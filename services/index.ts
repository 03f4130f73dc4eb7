import { assertPolicyCovers } from '../shared/auth/route-actions';
import type { ServiceManifest } from '../shared/manifest/manifest';
import { appointmentsService } from './appointments/service';
import { directoryService } from './directory/service';
import { indicatorsService } from './indicators/service';
import { intakeService } from './intake/service';
import { notificationsService } from './notifications/service';
import { parcoursService } from './parcours/service';
import { platformService } from './platform/service';
import { surveysService } from './surveys/service';

/** Every service of Relais. infra/ (AWS) and infra/local/ (one machine) both read this list. */
export const SERVICES: readonly ServiceManifest[] = [
  platformService,
  directoryService,
  intakeService,
  parcoursService,
  surveysService,
  indicatorsService,
  notificationsService,
  appointmentsService,
];

assertPolicyCovers(SERVICES);
