import { defineService } from '../../shared/manifest/manifest';
import { ExportQuerySchema, ReportQuerySchema, ReportSchema } from './domain/indicators.schema';
import { INDICATORS_SETTINGS } from './indicators.settings';

const handler = (name: string) => `services/indicators/handlers/${name}`;
/** The département's coordinator and the administrators (SECURITY.md). */
const COORDINATION = ['pilote', 'admin'] as const;

/**
 * Indicators: anonymous yearly aggregates fed by the other services' events (never their
 * tables), the nine State indicators, the observatory of social needs and the yearly export.
 * See README.md and ADR 0013.
 */
export const indicatorsService = defineService({
  name: 'indicators',
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
  routes: [
    {
      id: 'getIndicators',
      method: 'GET',
      path: '/api/indicators',
      access: COORDINATION,
      handler: handler('get-indicators.handler.ts'),
      summary: 'Les neuf indicateurs de l’année avec leurs cibles, et l’observatoire des besoins sociaux',
      schemas: { query: ReportQuerySchema, response: ReportSchema },
    },
    {
      id: 'exportIndicators',
      method: 'GET',
      path: '/api/indicators/export',
      access: COORDINATION,
      handler: handler('export-indicators.handler.ts'),
      summary: 'Le rapport annuel pour l’État : tableur CSV ou XLSX (indicateurs, définitions, cibles, observatoire)',
      schemas: { query: ExportQuerySchema },
      responseTypes: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
  ],
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
