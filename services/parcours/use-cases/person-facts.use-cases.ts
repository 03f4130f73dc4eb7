import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { ReceivedEvent } from '../../../shared/events/consumer';
import { PersonConsentsChanged, PersonRecorded } from '../../intake/events/intake.events';
import type { ParcoursDeps } from '../domain/parcours.ports';

/**
 * Keep intake's facts about a person that the policy needs to open a parcours (`parcours.open`).
 * Primary course: intake records a person → her id, recording organisation and sharing consent
 * are kept; her consents change → the sharing consent follows. A late, older event changes
 * nothing; a consent change for a person not yet seen waits for her record (retried).
 */
export function makeApplyPersonFacts(deps: Pick<ParcoursDeps, 'repository'>) {
  const { repository } = deps;
  return {
    async execute(event: ReceivedEvent, uow: UnitOfWork): Promise<void> {
      if (event.detailType === PersonRecorded.detailType) {
        const { data } = PersonRecorded.parse(event.detail);
        const current = await repository.getPersonFacts(data.personId);
        if (current && current.at >= data.at) return;
        repository.savePersonFacts(uow, {
          personId: data.personId,
          recordedByOrganisationId: data.recordedByOrganisationId,
          networkSharing: current ? current.networkSharing : data.networkSharing,
          at: current?.at ?? data.at,
        });
        return;
      }
      if (event.detailType === PersonConsentsChanged.detailType) {
        const { data } = PersonConsentsChanged.parse(event.detail);
        const current = await repository.getPersonFacts(data.personId);
        // Her record comes first (PersonRecorded): until then, retry rather than guess who recorded her.
        if (!current) throw new Error('PersonConsentsChanged before PersonRecorded: retried');
        if (current.at > data.at) return;
        repository.savePersonFacts(uow, { ...current, networkSharing: data.networkSharing, at: data.at });
      }
    },
  };
}
