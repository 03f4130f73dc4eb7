import { defineService } from '../../shared/manifest/manifest';
import { SURVEYS } from './owner';
import { answerMySurveyRoute } from './routes/answer-my-survey.route';
import { answerSurveyLinkRoute } from './routes/answer-survey-link.route';
import { handler } from './routes/common';
import { measuringOrganisationsRoute } from './routes/measuring-organisations.route';
import { mySurveyRoute } from './routes/my-survey.route';
import { readSurveyLinkRoute } from './routes/read-survey-link.route';
import { smsInboundRoute } from './routes/sms-inbound.route';
import { stopMySurveysRoute } from './routes/stop-my-surveys.route';
import { stopSurveyLinkRoute } from './routes/stop-survey-link.route';
import { surveyResultsRoute } from './routes/survey-results.route';
import { SURVEYS_SETTINGS } from './surveys.settings';

/** Surveys: SMS satisfaction surveys after a reception or a parcours (rule 7). See README.md. */
export const surveysService = defineService({
  name: SURVEYS.service,
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
    surveyResultsRoute,
    measuringOrganisationsRoute,
    mySurveyRoute,
    answerMySurveyRoute,
    stopMySurveysRoute,
    readSurveyLinkRoute,
    answerSurveyLinkRoute,
    stopSurveyLinkRoute,
    smsInboundRoute,
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
