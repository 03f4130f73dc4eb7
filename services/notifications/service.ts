import { defineService } from '../../shared/manifest/manifest';
import { NOTIFICATIONS_SETTINGS } from './notifications.settings';
import { NOTIFICATIONS } from './owner';
import { handler } from './routes/common';
import { rotateWebhookSecretRoute } from './routes/rotate-webhook-secret.route';

/**
 * Notifications: what leaves the platform towards partners and persons (ADR 0020). It consumes
 * events like any service and owns its table; `directory` and `intake` only publish. See README.md.
 */
export const notificationsService = defineService({
  name: NOTIFICATIONS.service,
  settings: NOTIFICATIONS_SETTINGS,
  owns: 'what leaves the platform towards partners and persons: organisations’ notification channels (projection), partner notifications (topic, signed webhooks, SNS subscriptions), webhook secrets, delivery log; notices to persons, coordinators and parcours members',
  eventSource: 'relais.notifications',
  // The notifications topic (partners, coordinators, parcours members), SMS to persons from its
  // consumers, the signed answer links (link secret).
  needs: { notificationsTopic: true, sms: true, secrets: ['link'] },
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      ttlAttribute: 'expiresAt',
      outbox: true,
      // Channels of organisations and what is kept of referrals (ids, themes, dates): no person. A
      // message to her carries her contact in its event only and is not stored (README).
      holdsPersonData: false,
    },
  ],
  routes: [rotateWebhookSecretRoute],
  subscriptions: [
    {
      id: 'channelsProjection',
      pattern: { source: ['relais.directory'], 'detail-type': ['OrganisationNotificationChannelsChanged'] },
      handler: handler('channels-projection.consumer.ts'),
      description: 'Une structure a changé : garder ses canaux de notification (e-mail, SMS, webhook) et son nom',
    },
    {
      id: 'notifyPartner',
      pattern: {
        source: ['relais.intake', 'relais.appointments'],
        'detail-type': [
          'ReferralSent',
          'ReferralStatusChanged',
          'ReferralReminderDue',
          'ReferralLinkRequested',
          'AppointmentBooked',
          'AppointmentCancelled',
        ],
      },
      handler: handler('notify-partner.consumer.ts'),
      description:
        'Une orientation est envoyée, change de statut, attend une réponse, son lien est redemandé, un rendez-vous y est pris ou annulé : prévenir la structure concernée (avec le fichier agenda du rendez-vous, ou celui qui l’annule) et annoncer le résultat de chaque envoi',
      // NOTIFY_MAX_RECEIVE_COUNT: the last delivery reports a failure as final (ADR 0034).
      maxReceiveCount: 5,
    },
    {
      id: 'partnerSubscriptions',
      pattern: { source: ['relais.directory'], 'detail-type': ['OrganisationNotificationChannelsChanged'] },
      handler: handler('partner-subscriptions.consumer.ts'),
      description: 'Les canaux d’une structure ont changé : abonner son e-mail et son numéro SMS aux notifications qui la concernent',
      manages: ['notificationSubscriptions'],
    },
    {
      id: 'personNotices',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonNoticeRequested'] },
      handler: handler('person-notice.consumer.ts'),
      description:
        'Prévient la personne sur son propre contact (SMS, sinon e-mail) : ses accords modifiés, ses rendez-vous, son orientation (envoi, refus ou clôture)',
    },
    {
      id: 'exceptionalAccessNotice',
      pattern: { source: ['relais.intake'], 'detail-type': ['ExceptionalAccessGranted'] },
      handler: handler('exceptional-access-notice.consumer.ts'),
      description: 'Prévient aussitôt le pilote qu’un accès exceptionnel à un dossier a été ouvert',
    },
    {
      id: 'overdueReminders',
      pattern: { source: ['relais.parcours'], 'detail-type': ['ActionOverdue'] },
      handler: handler('overdue-reminder.consumer.ts'),
      description: 'Prévient le responsable d’une action en retard d’un parcours (une fois par action)',
    },
    {
      id: 'directoryReviews',
      pattern: { source: ['relais.directory'], 'detail-type': ['DirectoryReviewRequested'] },
      handler: handler('directory-review.consumer.ts'),
      description: 'Demande à un partenaire de vérifier ses fiches de l’annuaire (un message sur ses canaux, lien signé de 30 jours)',
    },
    {
      id: 'slotShortage',
      pattern: { source: ['relais.appointments'], 'detail-type': ['AppointmentSlotShortage'] },
      handler: handler('slot-shortage.consumer.ts'),
      description:
        'Prévient le partenaire et la coordination qu’un lieu n’a plus aucun créneau de rendez-vous libre dans les 10 prochains jours ouvrés (une fois par manque)',
    },
  ],
  schedules: [],
});

export type NotificationsManifest = typeof notificationsService;
