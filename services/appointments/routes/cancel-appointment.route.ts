import { AppointmentParamsSchema, AppointmentViewSchema } from '../domain/appointments.schema';
import { appointmentsRoute, FIELD, handler } from './common';

export const cancelAppointmentRoute = appointmentsRoute({
  id: 'cancelAppointment',
  method: 'POST',
  path: '/api/appointments/{id}/cancel',
  access: FIELD,
  handler: handler('cancel-appointment.handler.ts'),
  summary: 'Annuler un rendez-vous (structure qui l’a pris ou structure du lieu) : la place est libérée',
  schemas: { params: AppointmentParamsSchema, response: AppointmentViewSchema },
  // The organisation's external agenda (ADR 0042) may not answer.
  errorStatuses: [503],
});
