import { httpRoute } from '../../../shared/http/route-handler';
import { issueBookingLinkRoute } from '../routes/issue-booking-link.route';
import { IssueBookingLink } from '../use-cases/booking-links.use-cases';
import { bookingLinkDeps } from './deps';

const issue = IssueBookingLink(bookingLinkDeps);

export const handler = httpRoute(issueBookingLinkRoute, ({ params, body, actor, uow, correlationId }) =>
  issue.execute({ referralId: params.id, siteId: body.siteId }, actor, { uow, correlationId }),
);
