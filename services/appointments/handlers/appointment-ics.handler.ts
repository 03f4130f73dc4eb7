import { httpRoute, reply } from '../../../shared/http/route-handler';
import { appointmentIdOfFile } from '../domain/appointments.schema';
import { appointmentIcsRoute } from '../routes/appointment-ics.route';
import { appointmentIcs } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(appointmentIcsRoute, async ({ params, actor }) => {
  const id = appointmentIdOfFile(params.id);
  const ics = await appointmentIcs(appointmentsDeps, id, actor);
  return reply({
    body: Buffer.from(ics, 'utf8'),
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="rendez-vous-${id}.ics"`,
    },
  });
});
