import { httpRoute } from '../../../shared/http/route-handler';
import { appointmentsService } from '../service';
import { IssueBookingLink } from '../use-cases/booking-links.use-cases';
import { bookingLinkDeps } from './deps';

const issue = IssueBookingLink(bookingLinkDeps);

export const handler = httpRoute(appointmentsService, 'issueBookingLink', ({ params, body, actor, uow, correlationId }) =>
  issue.execute({ referralId: params.id, siteId: body.siteId }, actor, { uow, correlationId }),
);
