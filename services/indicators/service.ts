import { defineService } from '../../shared/manifest/manifest';
import { INDICATORS_SETTINGS } from './indicators.settings';
import { INDICATORS } from './owner';
import { handler } from './routes/common';
import { exportIndicatorsRoute } from './routes/export-indicators.route';
import { getIndicatorsRoute } from './routes/get-indicators.route';

/**
 * Indicators: anonymous yearly aggregates fed by the other services' events (never their
 * tables), the nine State indicators, the observatory of social needs and the yearly export.
 * See README.md and ADR 0013.
 */
export const indicatorsService = defineService({
  name: INDICATORS.service,
  settings: INDICATORS_SETTINGS,
  owns: "the nine State indicators, the observatory of social needs and the yearly export: anonymous aggregates fed by every service's events (ADR 0013)",
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      ttlAttribute: 'expiresAt',
      // Yearly anonymous counts (DOMAIN.md): no person.
      holdsPersonData: false,
    },
  ],
  routes: [getIndicatorsRoute, exportIndicatorsRoute],
  subscriptions: [
    {
      // One subscription for the five sources (one queue, one function): the detail-types are
      // distinct across sources, and a pair the indicators do not know is ignored (facts.ts).
      id: 'facts',
      pattern: {
        source: ['relais.directory', 'relais.intake', 'relais.parcours', 'relais.surveys', 'relais.appointments'],
        'detail-type': [
          'OrganisationChanged',
          'SiteChanged',
          'CoverageComputed',
          'NetworkEventRecorded',
          'ReceptionRecorded',
          'ReceptionCorrected',
          'ReceptionCancelled',
          'ReferralSent',
          'ReferralStatusChanged',
          'PersonErased',
          'TerritoryChanged',
          'ParcoursOpened',
          'ParcoursReferentChanged',
          'ParcoursMemberAdded',
          'MeetingHeld',
          'ParcoursClosed',
          'SurveySent',
          'SurveyAnswered',
          'AppointmentHonoured',
          'AppointmentMissed',
        ],
      },
      handler: handler('facts.consumer.ts'),
      description: 'Agrégats anonymes des indicateurs et de l’observatoire, à partir des événements des autres services',
    },
  ],
  schedules: [],
  needs: { communeReference: true, secrets: ['indicatorsKey'] },
});
