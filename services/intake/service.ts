import { defineService } from '../../shared/manifest/manifest';
import { INTAKE_SETTINGS } from './intake.settings';
import { INTAKE } from './owner';
import { acceptReferralRoute } from './routes/accept-referral.route';
import { acceptReferralLinkRoute } from './routes/accept-referral-link.route';
import { cancelReceptionRoute } from './routes/cancel-reception.route';
import { changeConsentsRoute } from './routes/change-consents.route';
import { changeMyConsentsRoute } from './routes/change-my-consents.route';
import { closeReferralRoute } from './routes/close-referral.route';
import { closeReferralLinkRoute } from './routes/close-referral-link.route';
import { handler } from './routes/common';
import { correctPersonRoute } from './routes/correct-person.route';
import { correctReceptionRoute } from './routes/correct-reception.route';
import { createPersonRoute } from './routes/create-person.route';
import { declineReferralRoute } from './routes/decline-referral.route';
import { declineReferralLinkRoute } from './routes/decline-referral-link.route';
import { getReferralRoute } from './routes/get-referral.route';
import { grantExceptionalAccessRoute } from './routes/grant-exceptional-access.route';
import { listIdentityRequestsRoute } from './routes/identity-requests.route';
import { invitePersonRoute } from './routes/invite-person.route';
import { linkIdentityRoute } from './routes/link-identity.route';
import { listExceptionalAccessesRoute } from './routes/list-exceptional-accesses.route';
import { listReceptionsRoute } from './routes/list-receptions.route';
import { listReferralsRoute } from './routes/list-referrals.route';
import { myDetailsRoute } from './routes/my-details.route';
import { organisationReachabilityRoute } from './routes/organisation-reachability.route';
import { patchMyDetailsRoute } from './routes/patch-my-details.route';
import { personHistoryRoute } from './routes/person-history.route';
import { personTokenRoute } from './routes/person-token.route';
import { readReferralLinkRoute } from './routes/read-referral-link.route';
import { recordReceptionRoute } from './routes/record-reception.route';
import { referralsAtRiskRoute } from './routes/referrals-at-risk.route';
import { rejectIdentityRequestRoute } from './routes/reject-identity-request.route';
import { requestSignInCodeRoute } from './routes/request-sign-in-code.route';
import { resendReferralLinkRoute } from './routes/resend-referral-link.route';
import { reviewReferralRoute } from './routes/review-referral.route';
import { reviewReferralLinkRoute } from './routes/review-referral-link.route';
import { searchPersonsRoute } from './routes/search-persons.route';
import { sendReferralRoute } from './routes/send-referral.route';
import { unlinkIdentityRoute } from './routes/unlink-identity.route';
import { validateIdentityRequestRoute } from './routes/validate-identity-request.route';
import { withdrawReferralRoute } from './routes/withdraw-referral.route';

/** Intake: persons with their consents, receptions, and closed-loop referrals. See README.md. */
export const intakeService = defineService({
  name: INTAKE.service,
  settings: INTAKE_SETTINGS,
  owns: 'persons with consents, receptions, closed-loop referrals, exceptional accesses, the audit of reads; notices to persons until they move to the notifications service (ADR 0020)',
  eventSource: 'relais.intake',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
        { name: 'gsi3', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
        { name: 'gsi4', partitionKey: { name: 'gsi4pk', type: 'S' }, sortKey: { name: 'gsi4sk', type: 'S' } },
        // Sparse: only unanswered referrals carry `duePk`, by their next deadline.
        { name: 'due', partitionKey: { name: 'duePk', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' } },
      ],
      ttlAttribute: 'expiresAt',
      outbox: true,
      holdsPersonData: true,
    },
  ],
  personData: {
    handler: handler('person-data.handler.ts'),
    description:
      'sa fiche et ses accords, ses accueils (le résumé seulement s’il lui est montré), ses orientations avec le lieu, le téléphone et les horaires du partenaire',
  },
  routes: [
    createPersonRoute,
    searchPersonsRoute,
    personHistoryRoute,
    grantExceptionalAccessRoute,
    listExceptionalAccessesRoute,
    changeConsentsRoute,
    changeMyConsentsRoute,
    recordReceptionRoute,
    listReceptionsRoute,
    correctPersonRoute,
    myDetailsRoute,
    patchMyDetailsRoute,
    listIdentityRequestsRoute,
    validateIdentityRequestRoute,
    rejectIdentityRequestRoute,
    correctReceptionRoute,
    cancelReceptionRoute,
    sendReferralRoute,
    referralsAtRiskRoute,
    organisationReachabilityRoute,
    listReferralsRoute,
    getReferralRoute,
    reviewReferralRoute,
    withdrawReferralRoute,
    resendReferralLinkRoute,
    acceptReferralRoute,
    declineReferralRoute,
    closeReferralRoute,
    readReferralLinkRoute,
    acceptReferralLinkRoute,
    declineReferralLinkRoute,
    reviewReferralLinkRoute,
    closeReferralLinkRoute,
    requestSignInCodeRoute,
    personTokenRoute,
    invitePersonRoute,
    linkIdentityRoute,
    unlinkIdentityRoute,
  ],
  // Verifies the links partners answer referrals with; tells persons of changes to their consents by
  // SMS, and the coordinator of exceptional accesses.
  // Signs persons in on AWS through the persons' pool, with proofs keyed by `personAuth` (ADR 0040).
  needs: { secrets: ['link', 'personAuth'], personPool: true },
  subscriptions: [
    {
      id: 'directoryProjection',
      pattern: { source: ['relais.directory'], 'detail-type': ['OrganisationChanged', 'SiteChanged', 'ServiceChanged'] },
      handler: handler('directory-projection.consumer.ts'),
      description: 'Garde une copie des structures (nom, appartenance au réseau), de leurs lieux et de leurs services',
    },
    {
      id: 'parcoursAccess',
      pattern: {
        source: ['relais.parcours'],
        'detail-type': ['ParcoursOpened', 'ParcoursReferentChanged', 'ParcoursMemberAdded', 'ParcoursMemberRemoved', 'ParcoursClosed'],
      },
      handler: handler('parcours-projection.consumer.ts'),
      description: 'Tient la liste des membres des parcours d’une personne : ils lisent son historique tant qu’ils en sont membres',
    },
    {
      id: 'reachabilityProjection',
      pattern: { source: ['relais.notifications'], 'detail-type': ['OrganisationReachabilityChanged'] },
      handler: handler('reachability-projection.consumer.ts'),
      description: 'Garde quels canaux (e-mail, SMS, webhook) préviennent chaque structure, sans leurs adresses',
    },
    {
      id: 'deliveryResults',
      pattern: { source: ['relais.notifications'], 'detail-type': ['PartnerDeliveryReported'] },
      handler: handler('delivery-results.consumer.ts'),
      description: 'Reporte sur l’orientation le résultat de chaque envoi à la structure (remis, nouvel essai, en échec avec sa raison)',
    },
    {
      id: 'personNotices',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonConsentsChanged'] },
      handler: handler('person-notice.consumer.ts'),
      description: 'Demande au service des notifications de prévenir la personne (SMS, sinon e-mail) que ses accords ont été modifiés',
    },
    {
      id: 'appointmentNotices',
      pattern: { source: ['relais.appointments'], 'detail-type': ['AppointmentReminderDue', 'BookingLinkMessageDue'] },
      handler: handler('appointment-notice.consumer.ts'),
      description:
        'Demande au service des notifications d’envoyer à la personne (SMS, sinon e-mail) le message de son rendez-vous, ou son lien pour le choisir',
    },
    {
      id: 'referralAppointments',
      pattern: {
        source: ['relais.appointments'],
        'detail-type': ['AppointmentBooked', 'AppointmentCancelled', 'AppointmentHonoured', 'AppointmentMissed', 'BookingLinkExpired'],
      },
      handler: handler('referral-appointments.consumer.ts'),
      description:
        'Montre sur l’orientation ses rendez-vous chez le partenaire (pris, annulé, honoré ou manqué, avec leur date) et le lien de prise de rendez-vous que la personne a laissé expirer',
    },
    {
      id: 'referralPersonNotices',
      pattern: { source: ['relais.intake'], 'detail-type': ['ReferralSent', 'ReferralStatusChanged'] },
      handler: handler('referral-person-notice.consumer.ts'),
      description:
        'Prévient la personne (SMS, sinon e-mail, sauf refus) qu’elle est orientée, puis du refus ou de la clôture ; hors des heures calmes, dans le budget du mois',
    },
  ],
  schedules: [
    {
      id: 'referralDeadlines',
      expression: 'rate(15 minutes)',
      handler: handler('referral-deadlines.schedule.ts'),
      description: 'Relance les orientations sans réponse à mi-délai, puis les fait expirer',
    },
    {
      id: 'personRetention',
      expression: 'cron(0 3 * * ? *)',
      handler: handler('person-retention.schedule.ts'),
      description: 'Efface les données des personnes sans activité depuis la durée de conservation (2 ans par défaut)',
    },
    {
      id: 'personNoticesDue',
      expression: 'rate(5 minutes)',
      handler: handler('person-notices-due.schedule.ts'),
      description: 'Envoie les messages aux personnes sur leurs orientations qui attendaient la fin des heures calmes',
    },
  ],
});

export type IntakeManifest = typeof intakeService;
