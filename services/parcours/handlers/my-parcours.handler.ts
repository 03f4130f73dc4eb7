import { httpRoute } from '../../../shared/http/route-handler';
import { myParcoursRoute } from '../routes/my-parcours.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonSpace } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonSpace(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(myParcoursRoute, ({ actor }) => useCase.myParcours(actor));
