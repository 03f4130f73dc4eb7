import { toProblem } from '../../../shared/errors/errors';
import { httpRoute, reply } from '../../../shared/http/route-handler';
import { appointmentsErrors } from '../errors';
import { appointmentsService } from '../service';
import { MoveWithLink, makeVerifyAppointmentLink } from '../use-cases/manage-link.use-cases';
import { bookingLinkDeps } from './deps';

const move = MoveWithLink(bookingLinkDeps);
const verify = makeVerifyAppointmentLink(bookingLinkDeps);

/** As the self-booking link: a taken slot is a 409 with the next free ones, and nothing changed. */
export const handler = httpRoute(
  appointmentsService,
  'moveWithLink',
  async ({ params, body, correlationId, route }) => {
    const result = await move.execute({ token: params.token, ...body }, null, { correlationId });
    if ('booked' in result) return result.booked;
    return reply({
      status: 409,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: { ...toProblem(appointmentsErrors.error('slot.taken'), `${route.method} ${route.path}`), alternatives: result.alternatives },
    });
  },
  { verify: ({ params }) => verify.execute(params.token) },
);
