import { defineService } from '../../shared/manifest/manifest';
import { APPOINTMENTS_SETTINGS } from './appointments.settings';
import { APPOINTMENTS } from './owner';
import { appointmentIcsRoute } from './routes/appointment-ics.route';
import { bookAppointmentRoute } from './routes/book-appointment.route';
import { bookWithLinkRoute } from './routes/book-with-link.route';
import { cancelAppointmentRoute } from './routes/cancel-appointment.route';
import { cancelWithLinkRoute } from './routes/cancel-with-link.route';
import { handler } from './routes/common';
import { getAvailabilityRoute } from './routes/get-availability.route';
import { honouredAppointmentRoute } from './routes/honoured-appointment.route';
import { issueBookingLinkRoute } from './routes/issue-booking-link.route';
import { listSlotsRoute } from './routes/list-slots.route';
import { missedAppointmentRoute } from './routes/missed-appointment.route';
import { moveWithLinkRoute } from './routes/move-with-link.route';
import { putAvailabilityRoute } from './routes/put-availability.route';
import { readAppointmentLinkRoute } from './routes/read-appointment-link.route';
import { readBookingLinkRoute } from './routes/read-booking-link.route';
import { siteAgendaRoute } from './routes/site-agenda.route';

/**
 * Appointments (issue 17): the sites' availability, their free slots in Paris time, and the
 * appointments booked for a referral — without double booking — until honoured, missed or
 * cancelled. See README.md and ADR 0024.
 */
export const appointmentsService = defineService({
  name: APPOINTMENTS.service,
  settings: APPOINTMENTS_SETTINGS,
  owns: 'availability of sites, free slots, appointments booked for referrals (slot counters), their outcome',
  eventSource: 'relais.appointments',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [],
      ttlAttribute: 'expiresAt',
      outbox: true,
      holdsPersonData: true,
    },
  ],
  personData: {
    handler: 'services/appointments/handlers/person-data.handler.ts',
    description: 'ses rendez-vous : quand, où, comment, et ce qu’ils sont devenus',
  },
  routes: [
    getAvailabilityRoute,
    putAvailabilityRoute,
    listSlotsRoute,
    bookAppointmentRoute,
    cancelAppointmentRoute,
    honouredAppointmentRoute,
    missedAppointmentRoute,
    appointmentIcsRoute,
    issueBookingLinkRoute,
    readBookingLinkRoute,
    bookWithLinkRoute,
    readAppointmentLinkRoute,
    cancelWithLinkRoute,
    moveWithLinkRoute,
    siteAgendaRoute,
  ],
  subscriptions: [
    {
      id: 'projections',
      pattern: {
        source: ['relais.intake', 'relais.directory'],
        'detail-type': ['ReferralSent', 'ReferralStatusChanged', 'SiteChanged', 'OrganisationChanged'],
      },
      handler: handler('projections.consumer.ts'),
      description:
        'Garde les lieux de l’annuaire, l’agenda choisi par chaque structure et les orientations (qui oriente, vers qui, quelle personne) pour décider seul des rendez-vous',
    },
    {
      id: 'personErased',
      pattern: { source: ['relais.intake'], 'detail-type': ['PersonErased'] },
      handler: handler('person-erased.consumer.ts'),
      description:
        'Oublie la personne effacée par l’accueil : ses rendez-vous à venir sont annulés auprès de la structure (place libérée, structure prévenue sans rien d’elle ; redemandé plus tard si son agenda externe ne répond pas), les passés restent sans elle et sans message, ses liens de prise de rendez-vous sont supprimés',
    },
  ],
  schedules: [
    {
      id: 'reminders',
      expression: 'rate(5 minutes)',
      handler: handler('reminders.schedule.ts'),
      description:
        'Envoie à la personne les messages de ses rendez-vous arrivés à leur heure (à la prise, la veille), hors heures sans SMS, jamais pour un rendez-vous passé',
    },
    {
      id: 'slotShortageDaily',
      expression: 'cron(0 5 * * ? *)',
      handler: handler('slot-shortage.schedule.ts'),
      description:
        'Chaque matin : signale au partenaire et à la coordination un lieu sans aucun créneau libre dans les 10 prochains jours ouvrés (une fois, jusqu’au retour de créneaux)',
    },
    {
      id: 'externalCancels',
      expression: 'rate(15 minutes)',
      handler: handler('external-cancels.schedule.ts'),
      description:
        'Redemande à l’agenda externe (RDV-Service-Public) l’annulation d’un rendez-vous à venir d’une personne effacée quand il n’avait pas répondu (après 15 min, 1 h, puis toutes les 3 h) ; abandon signalé après 30 jours ou à l’heure du rendez-vous (ADR 0065)',
    },
  ],
  alarmMetrics: [
    {
      name: 'ExternalCancelAbandoned',
      description:
        'Un rendez-vous d’une personne effacée n’a pas pu être annulé dans l’agenda RDV-Service-Public de la structure (30 jours sans réponse, ou heure du rendez-vous passée) : il y reste réservé. Lire le journal d’erreur de appointments.externalCancels (rendez-vous, structure, identifiant du rdv), prévenir la structure ou l’annuler dans son agenda.',
    },
  ],
  // The slots' page cursors are signed with the platform's link secret (shared/dynamo/paging.ts).
  // The organisations' RDV-Service-Public keys (ADR 0042): the secrets `relais/<stage>/rdvsp/*` the directory names.
  needs: { secrets: ['link'], secretPrefixes: ['rdvsp'] },
});

export type AppointmentsManifest = typeof appointmentsService;
