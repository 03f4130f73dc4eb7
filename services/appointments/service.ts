import { defineService } from '../../shared/manifest/manifest';
import {
  AgendaQuerySchema,
  AgendaSchema,
  AppointmentFileParamsSchema,
  AppointmentLinkPageSchema,
  AppointmentParamsSchema,
  AppointmentViewSchema,
  AvailabilityViewSchema,
  BookSchema,
  BookingLinkBodySchema,
  BookingLinkViewSchema,
  BookingPageSchema,
  BookingTokenParamsSchema,
  LinkBookSchema,
  MoveSchema,
  ReferralParamsSchema,
  SiteParamsSchema,
  SlotsPageSchema,
  SlotsQuerySchema,
} from './domain/appointments.schema';
import { APPOINTMENTS_SETTINGS } from './appointments.settings';
import { PutAvailabilitySchema } from './domain/availability';

const FIELD = ['accueil', 'travailleur_social', 'partenaire'] as const;
const COORDINATION = ['pilote', 'admin'] as const;
const handler = (name: string) => `services/appointments/handlers/${name}`;

/**
 * Appointments (issue 17): the sites' availability, their free slots in Paris time, and the
 * appointments booked for a referral — without double booking — until honoured, missed or
 * cancelled. See README.md and ADR 0024.
 */
export const appointmentsService = defineService({
  name: 'appointments',
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
    {
      id: 'getAvailability',
      method: 'GET',
      path: '/api/sites/{id}/availability',
      access: 'authenticated',
      handler: handler('get-availability.handler.ts'),
      summary: 'Les disponibilités d’un lieu pour les rendez-vous (plages, fermetures, horizon, délai de prévenance) et leur version',
      schemas: { params: SiteParamsSchema, response: AvailabilityViewSchema },
    },
    {
      id: 'putAvailability',
      method: 'PUT',
      path: '/api/sites/{id}/availability',
      access: ['pilote', 'admin', 'partenaire'],
      handler: handler('put-availability.handler.ts'),
      summary: 'Publier les disponibilités d’un lieu (coordination, ou partenaire du lieu) ; 409 si elles ont changé depuis la version lue',
      schemas: { params: SiteParamsSchema, body: PutAvailabilitySchema, response: AvailabilityViewSchema },
    },
    {
      id: 'listSlots',
      method: 'GET',
      path: '/api/sites/{id}/slots',
      access: 'authenticated',
      handler: handler('list-slots.handler.ts'),
      summary: 'Les créneaux libres d’un lieu entre deux jours (heure de Paris, avec décalage), par pages',
      schemas: { params: SiteParamsSchema, query: SlotsQuerySchema, response: SlotsPageSchema },
      // The organisation's external agenda (ADR 0042) may not answer.
      errorStatuses: [503],
    },
    {
      id: 'bookAppointment',
      method: 'POST',
      path: '/api/appointments',
      access: FIELD,
      handler: handler('book-appointment.handler.ts'),
      summary:
        'Prendre un rendez-vous pour une orientation ; 422 (slot) hors des créneaux, 409 avec les prochains créneaux libres si celui-ci vient d’être pris',
      schemas: { body: BookSchema, response: AppointmentViewSchema },
      // The organisation's external agenda (ADR 0042) may not answer.
      errorStatuses: [503],
      successStatus: 201,
    },
    {
      id: 'cancelAppointment',
      method: 'POST',
      path: '/api/appointments/{id}/cancel',
      access: FIELD,
      handler: handler('cancel-appointment.handler.ts'),
      summary: 'Annuler un rendez-vous (structure qui l’a pris ou structure du lieu) : la place est libérée',
      schemas: { params: AppointmentParamsSchema, response: AppointmentViewSchema },
      // The organisation's external agenda (ADR 0042) may not answer.
      errorStatuses: [503],
    },
    {
      id: 'honouredAppointment',
      method: 'POST',
      path: '/api/appointments/{id}/honoured',
      access: [...FIELD, ...COORDINATION],
      handler: handler('honoured-appointment.handler.ts'),
      summary: 'Dire que la personne est venue (structure du lieu ou coordination), après l’heure du rendez-vous',
      schemas: { params: AppointmentParamsSchema, response: AppointmentViewSchema },
    },
    {
      id: 'missedAppointment',
      method: 'POST',
      path: '/api/appointments/{id}/missed',
      access: [...FIELD, ...COORDINATION],
      handler: handler('missed-appointment.handler.ts'),
      summary: 'Dire que la personne n’est pas venue (structure du lieu ou coordination), après l’heure du rendez-vous',
      schemas: { params: AppointmentParamsSchema, response: AppointmentViewSchema },
    },
    {
      id: 'appointmentIcs',
      method: 'GET',
      // `/api/appointments/<id>.ics`: the suffix is part of the segment (a route key's variable is a whole segment).
      path: '/api/appointments/{id}',
      access: [...FIELD, ...COORDINATION],
      handler: handler('appointment-ics.handler.ts'),
      summary: 'Le rendez-vous en fichier agenda (iCalendar), sans donnée sur la personne : /api/appointments/{id}.ics',
      schemas: { params: AppointmentFileParamsSchema },
      responseTypes: ['text/calendar'],
    },
    {
      id: 'issueBookingLink',
      method: 'POST',
      path: '/api/referrals/{id}/booking-link',
      access: FIELD,
      handler: handler('issue-booking-link.handler.ts'),
      summary:
        'Envoyer à la personne orientée un lien pour choisir elle-même son rendez-vous dans un lieu de la structure (7 jours, rappel au 3e jour)',
      schemas: { params: ReferralParamsSchema, body: BookingLinkBodySchema, response: BookingLinkViewSchema },
      successStatus: 201,
    },
    {
      id: 'readBookingLink',
      method: 'GET',
      path: '/api/booking-links/{token}',
      access: 'public',
      handler: handler('read-booking-link.handler.ts'),
      summary: 'Lien de la personne (sans compte) : le lieu et ses prochains créneaux libres ; 410 une fois le rendez-vous choisi',
      publicCredential: 'Lien signé de prise de rendez-vous',
      schemas: { params: BookingTokenParamsSchema, response: BookingPageSchema },
      errorStatuses: [410, 503],
    },
    {
      id: 'bookWithLink',
      method: 'POST',
      path: '/api/booking-links/{token}',
      access: 'public',
      handler: handler('book-with-link.handler.ts'),
      summary:
        'Lien de la personne : choisir son créneau (201) ; 409 avec les prochains créneaux libres s’il vient d’être pris, 410 si le lien a déjà servi',
      publicCredential: 'Lien signé de prise de rendez-vous',
      schemas: { params: BookingTokenParamsSchema, body: LinkBookSchema, response: AppointmentViewSchema },
      successStatus: 201,
      errorStatuses: [410, 503],
    },
    {
      id: 'readAppointmentLink',
      method: 'GET',
      path: '/api/appointment-links/{token}',
      access: 'public',
      handler: handler('read-appointment-link.handler.ts'),
      summary:
        'Lien du SMS de la personne (sans compte) : son rendez-vous, le lieu (adresse, téléphone) et les autres créneaux libres ; 410 une fois l’heure venue',
      publicCredential: 'Lien signé du rendez-vous (SMS de la personne)',
      schemas: { params: BookingTokenParamsSchema, response: AppointmentLinkPageSchema },
      errorStatuses: [410, 503],
    },
    {
      id: 'cancelWithLink',
      method: 'POST',
      path: '/api/appointment-links/{token}/cancel',
      access: 'public',
      handler: handler('cancel-with-link.handler.ts'),
      summary:
        'Lien du SMS : la personne annule son rendez-vous (la place est libérée, la structure prévenue) ; 409 s’il l’est déjà, 410 une fois l’heure venue',
      publicCredential: 'Lien signé du rendez-vous (SMS de la personne)',
      schemas: { params: BookingTokenParamsSchema, response: AppointmentViewSchema },
      errorStatuses: [409, 410, 503],
    },
    {
      id: 'moveWithLink',
      method: 'POST',
      path: '/api/appointment-links/{token}/move',
      access: 'public',
      handler: handler('move-with-link.handler.ts'),
      summary:
        'Lien du SMS : la personne déplace son rendez-vous sur un autre créneau libre (201, l’ancien annulé dans la même écriture) ; 409 avec les prochains créneaux libres s’il vient d’être pris',
      publicCredential: 'Lien signé du rendez-vous (SMS de la personne)',
      schemas: { params: BookingTokenParamsSchema, body: MoveSchema, response: AppointmentViewSchema },
      successStatus: 201,
      errorStatuses: [409, 410, 503],
    },
    {
      id: 'siteAgenda',
      method: 'GET',
      path: '/api/sites/{id}/appointments',
      access: [...FIELD, ...COORDINATION],
      handler: handler('site-agenda.handler.ts'),
      summary:
        'L’agenda de la semaine d’un lieu (?week=AAAA-Sss) : ses rendez-vous, pour la structure du lieu et la coordination, sans le dossier des personnes',
      schemas: { params: SiteParamsSchema, query: AgendaQuerySchema, response: AgendaSchema },
    },
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
        'Oublie la personne effacée par l’accueil : ses rendez-vous à venir sont annulés auprès de la structure (place libérée, structure prévenue sans rien d’elle), les passés restent sans elle et sans message, ses liens de prise de rendez-vous sont supprimés',
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
  ],
  // The slots' page cursors are signed with the platform's link secret (shared/dynamo/paging.ts).
  // The organisations' RDV-Service-Public keys (ADR 0042): the secrets `relais/<stage>/rdvsp/*` the directory names.
  needs: { secrets: ['link'], secretPrefixes: ['rdvsp'] },
});

export type AppointmentsManifest = typeof appointmentsService;
