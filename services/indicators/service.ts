import { defineService } from '../../shared/manifest/manifest';
import { ExportQuerySchema, ReportQuerySchema, ReportSchema } from './domain/indicators.schema';

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
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      ttlAttribute: 'expiresAt',
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
    },
  ],
  subscriptions: [
    {
      id: 'directoryFacts',
      pattern: {
        source: ['relais.directory'],
        'detail-type': ['OrganisationChanged', 'SiteChanged', 'CoverageComputed', 'NetworkEventRecorded'],
      },
      handler: handler('directory-facts.consumer.ts'),
      description: 'Recensement du réseau, couverture à 30 minutes et professionnels formés',
    },
    {
      id: 'intakeFacts',
      pattern: { source: ['relais.intake'], 'detail-type': ['ReceptionRecorded', 'ReferralSent', 'ReferralStatusChanged'] },
      handler: handler('intake-facts.consumer.ts'),
      description: 'Observatoire : accueils par thème, canal, territoire et mois ; orientations refusées ou expirées',
    },
    {
      id: 'parcoursFacts',
      pattern: {
        source: ['relais.parcours'],
        'detail-type': [
          'TerritoryChanged',
          'ParcoursOpened',
          'ParcoursReferentChanged',
          'ParcoursMemberAdded',
          'MeetingHeld',
          'ParcoursClosed',
        ],
      },
      handler: handler('parcours-facts.consumer.ts'),
      description: 'Référent de parcours : territoires couverts, partenaires, personnes accompagnées, bilans',
    },
    {
      id: 'surveysFacts',
      pattern: { source: ['relais.surveys'], 'detail-type': ['SurveySent', 'SurveyAnswered'] },
      handler: handler('surveys-facts.consumer.ts'),
      description: 'Structures qui mesurent la satisfaction des personnes',
    },
  ],
  schedules: [
    {
      id: 'yearRoll',
      expression: 'cron(50 23 * * ? *)',
      handler: handler('year-roll.schedule.ts'),
      description: 'Photographie du réseau de l’année et personnes dont le parcours reste ouvert',
    },
  ],
  needs: { communeReference: true },
});
