import { defineService } from '../../shared/manifest/manifest';
import { InboundSmsResultSchema, InboundSmsSchema, MeasuringSchema, ResultsQuerySchema, ResultsSchema } from './domain/surveys.schema';
import {
  AnswerMySurveyResultSchema,
  AnswerMySurveySchema,
  AnswerSurveyLinkSchema,
  MySurveySchema,
  StopMySurveysResultSchema,
  StopMySurveysSchema,
  StopSurveyLinkSchema,
  SurveyLinkPageSchema,
  SurveyLinkParamsSchema,
} from './domain/person-survey.schema';
import { SURVEYS_SETTINGS } from './surveys.settings';

const handler = (name: string) => `services/surveys/handlers/${name}`;

/** Surveys: SMS satisfaction surveys after a reception or a parcours (rule 7). See README.md. */
export const surveysService = defineService({
  name: 'surveys',
  settings: SURVEYS_SETTINGS,
  owns: 'SMS satisfaction surveys: triggers, send queue, replies, results',
  eventSource: 'relais.surveys',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [
        // Sent surveys of an organisation by sending time (results).
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        // Sparse: only scheduled surveys carry `duePk`, by sending time.
        { name: 'due', partitionKey: { name: 'duePk', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' } },
      ],
      ttlAttribute: 'expiresAt',
      outbox: true,
      holdsPersonData: true,
    },
  ],
  personData: {
    handler: 'services/surveys/handlers/person-data.handler.ts',
    description: 'le numéro gardé pour l’interroger, les enquêtes de satisfaction la concernant, sa note et son commentaire',
  },
  routes: [
    {
      id: 'surveyResults',
      method: 'GET',
      path: '/api/surveys/results',
      // SECURITY.md: a partner its own organisation's results, the coordination every one's.
      access: ['partenaire', 'pilote', 'admin'],
      handler: handler('survey-results.handler.ts'),
      summary:
        'Résultats des enquêtes de satisfaction d’une structure (d’un de ses lieux) sur une période : envois, réponses, taux, moyenne, répartition, évolution mensuelle, commentaires',
      schemas: { query: ResultsQuerySchema, response: ResultsSchema },
    },
    {
      id: 'measuringOrganisations',
      method: 'GET',
      path: '/api/surveys/organisations',
      access: ['pilote', 'admin'],
      handler: handler('measuring-organisations.handler.ts'),
      summary: 'Les structures qui mesurent la satisfaction des personnes (au moins une enquête envoyée)',
      schemas: { response: MeasuringSchema },
    },
    // The person in « Mon espace » (ADR 0038).
    {
      id: 'mySurvey',
      method: 'GET',
      path: '/api/me/person/survey',
      access: ['personne'],
      handler: handler('my-survey.handler.ts'),
      summary: 'Mon enquête de satisfaction à remplir, s’il y en a une (la personne)',
      schemas: { response: MySurveySchema },
    },
    {
      id: 'answerMySurvey',
      method: 'POST',
      path: '/api/me/person/survey/answer',
      access: ['personne'],
      handler: handler('answer-my-survey.handler.ts'),
      summary: 'Répondre à mon enquête de satisfaction sur le web : la même note de 1 à 5 que par SMS (la personne)',
      schemas: { body: AnswerMySurveySchema, response: AnswerMySurveyResultSchema },
      errorStatuses: [404],
    },
    {
      id: 'stopMySurveys',
      method: 'POST',
      path: '/api/me/person/survey/stop',
      access: ['personne'],
      handler: handler('stop-my-surveys.handler.ts'),
      summary: 'Ne plus recevoir d’enquêtes : comme répondre STOP par SMS (la personne)',
      schemas: { body: StopMySurveysSchema, response: StopMySurveysResultSchema },
      errorStatuses: [404],
    },
    // The survey SMS's link when the stage has no two-way number (ADR 0041): no account, the link is the credential.
    {
      id: 'readSurveyLink',
      method: 'GET',
      path: '/api/survey-links/{token}',
      access: 'public',
      handler: handler('read-survey-link.handler.ts'),
      summary: 'Lien de l’enquête reçu par SMS (sans compte) : le lieu à noter ; 410 une fois répondue ou expirée',
      publicCredential: 'Lien signé de l’enquête de satisfaction (SMS)',
      schemas: { params: SurveyLinkParamsSchema, response: SurveyLinkPageSchema },
      errorStatuses: [410],
    },
    {
      id: 'answerSurveyLink',
      method: 'POST',
      path: '/api/survey-links/{token}',
      access: 'public',
      handler: handler('answer-survey-link.handler.ts'),
      summary: 'Lien de l’enquête : noter l’accueil de 1 à 5, comme en répondant au SMS ; 410 si le lien a déjà servi ou a expiré',
      publicCredential: 'Lien signé de l’enquête de satisfaction (SMS)',
      schemas: { params: SurveyLinkParamsSchema, body: AnswerSurveyLinkSchema, response: AnswerMySurveyResultSchema },
      errorStatuses: [410],
    },
    {
      id: 'stopSurveyLink',
      method: 'POST',
      path: '/api/survey-links/{token}/stop',
      access: 'public',
      handler: handler('stop-survey-link.handler.ts'),
      summary: 'Lien de l’enquête : ne plus recevoir de messages, comme répondre STOP par SMS ; 410 si le lien a expiré',
      publicCredential: 'Lien signé de l’enquête de satisfaction (SMS)',
      schemas: { params: SurveyLinkParamsSchema, body: StopSurveyLinkSchema, response: StopMySurveysResultSchema },
      errorStatuses: [410],
    },
    {
      id: 'smsInbound',
      method: 'POST',
      path: '/api/sms/inbound',
      access: 'public',
      handler: handler('sms-inbound.handler.ts'),
      summary: 'Joue l’opérateur SMS : une réponse reçue (en-tête X-Relais-Carrier-Secret) (mode local)',
      schemas: { body: InboundSmsSchema, response: InboundSmsResultSchema },
      publicCredential: 'Secret de l’opérateur SMS (en-tête X-Relais-Carrier-Secret)',
      localOnly: true,
    },
  ],
  subscriptions: [
    {
      id: 'triggers',
      pattern: {
        source: ['relais.intake', 'relais.parcours', 'relais.directory'],
        'detail-type': [
          'ReceptionRecorded',
          'PersonConsentsChanged',
          'PersonErased',
          'ParcoursClosed',
          'OrganisationChanged',
          'SiteChanged',
        ],
      },
      handler: handler('triggers.consumer.ts'),
      description: 'Programme les enquêtes après un accueil ou la fin d’un parcours ; suit les consentements et les noms des lieux',
    },
  ],
  schedules: [
    {
      id: 'dispatchDue',
      expression: 'rate(1 minute)',
      handler: handler('dispatch-due.schedule.ts'),
      description: 'Met en file d’envoi les enquêtes arrivées à leur heure',
    },
  ],
  queues: [
    {
      id: 'smsSend',
      handler: handler('send-sms.queue.ts'),
      description: 'Envoie les SMS d’enquête, à débit limité, dans le budget du mois',
      batchSize: 5,
      maxConcurrency: 2,
      maxReceiveCount: 5,
    },
  ],
  topicSubscriptions: [
    {
      id: 'inboundSms',
      topic: 'inboundSms',
      handler: handler('inbound-sms.topic.ts'),
      description: 'Reçoit les réponses aux enquêtes (numéro SMS bidirectionnel)',
    },
    {
      id: 'smsDelivery',
      topic: 'smsEvents',
      handler: handler('sms-events.topic.ts'),
      description: 'Reçoit les événements de remise des SMS (jeu de configuration) : enquête remise ou en échec',
    },
  ],
  alarmMetrics: [
    {
      name: 'SmsBudgetExceeded',
      description:
        'Budget mensuel de SMS atteint : les enquêtes ne partent plus. Relever RELAIS_SMS_MONTHLY_BUDGET ou attendre le mois suivant.',
    },
  ],
  needs: { sms: true, secrets: ['phoneHash', 'link'] },
});

export type SurveysManifest = typeof surveysService;
