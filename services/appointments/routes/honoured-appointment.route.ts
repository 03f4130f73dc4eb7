import { AppointmentParamsSchema, AppointmentViewSchema } from '../domain/appointments.schema';
import { appointmentsRoute, COORDINATION, FIELD, handler } from './common';

export const honouredAppointmentRoute = appointmentsRoute({
  id: 'honouredAppointment',
  method: 'POST',
  path: '/api/appointments/{id}/honoured',
  access: [...FIELD, ...COORDINATION],
  handler: handler('honoured-appointment.handler.ts'),
  summary: 'Dire que la personne est venue (structure du lieu ou coordination), après l’heure du rendez-vous',
  schemas: { params: AppointmentParamsSchema, response: AppointmentViewSchema },
});
