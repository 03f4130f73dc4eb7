import { MeetingSchema, ParcoursParamsSchema, RecordMeetingSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const recordMeetingRoute = parcoursRoute({
  id: 'recordMeeting',
  method: 'POST',
  path: '/api/parcours/{id}/meetings',
  access: FIELD,
  handler: handler('record-meeting.handler.ts'),
  summary: 'Consigner une instance de concertation (participants, présence de la personne, notes, décisions)',
  schemas: { params: ParcoursParamsSchema, body: RecordMeetingSchema, response: MeetingSchema },
  successStatus: 201,
});
