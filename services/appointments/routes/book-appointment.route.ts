import { AppointmentViewSchema, BookSchema } from '../domain/appointments.schema';
import { appointmentsRoute, FIELD, handler } from './common';

export const bookAppointmentRoute = appointmentsRoute({
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
});
