import { AppointmentFileParamsSchema } from '../domain/appointments.schema';
import { appointmentsRoute, COORDINATION, FIELD, handler } from './common';

export const appointmentIcsRoute = appointmentsRoute({
  id: 'appointmentIcs',
  method: 'GET',
  // `/api/appointments/<id>.ics`: the suffix is part of the segment (a route key's variable is a whole segment).
  path: '/api/appointments/{id}',
  access: [...FIELD, ...COORDINATION],
  handler: handler('appointment-ics.handler.ts'),
  summary: 'Le rendez-vous en fichier agenda (iCalendar), sans donnée sur la personne : /api/appointments/{id}.ics',
  schemas: { params: AppointmentFileParamsSchema },
  responseTypes: ['text/calendar'],
});
