import { httpRoute, reply } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { appointmentIcs } from '../use-cases/reads.use-cases';
import { appointmentsDeps } from './deps';

export const handler = httpRoute(appointmentsService, 'appointmentIcs', async ({ params, actor }) => {
  const ics = await appointmentIcs(appointmentsDeps, params.id, actor);
  return reply({
    body: Buffer.from(ics, 'utf8'),
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="rendez-vous-${params.id}.ics"`,
    },
  });
});
