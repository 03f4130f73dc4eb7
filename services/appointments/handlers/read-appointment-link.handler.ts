import { httpRoute } from '../../../shared/http/route-handler';
import { readAppointmentLinkRoute } from '../routes/read-appointment-link.route';
import { makeReadAppointmentLink } from '../use-cases/manage-link.use-cases';
import { bookingLinkDeps } from './deps';

const read = makeReadAppointmentLink(bookingLinkDeps);

export const handler = httpRoute(readAppointmentLinkRoute, ({ params }) => read.execute(params.token));
