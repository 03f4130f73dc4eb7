import { httpRoute } from '../../../shared/http/route-handler';
import { invitePersonRoute } from '../routes/invite-person.route';
import { InvitePerson } from '../use-cases/sign-in.use-cases';
import { invitationDeps } from './sign-in.deps';

const invitePerson = InvitePerson(invitationDeps);

export const handler = httpRoute(invitePersonRoute, ({ params, body, actor, uow, correlationId }) =>
  invitePerson.execute({ personId: params.id, request: body }, actor, { uow, correlationId }),
);
