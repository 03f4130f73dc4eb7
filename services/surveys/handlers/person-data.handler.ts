import { definePersonData } from '../../../shared/person-data/contract';
import type { Survey } from '../domain/survey';
import { DynamoSurveysRepository } from '../store/surveys.repository';

const repository = new DynamoSurveysRepository();

/**
 * Surveys' person data (ADR 0037): the number kept to ask her after her parcours, and the
 * satisfaction surveys about her — when, the place named, whether sent, her mark and comment.
 * Exported only: her space shows no survey (the number's hash and the delivery details stay here).
 */
export const handler = definePersonData('surveys', async (personId, purpose): Promise<Record<string, unknown[]>> => {
  if (purpose === 'view') return {};
  const [contact, ids] = await Promise.all([repository.getContact(personId), repository.surveyIdsOfPerson(personId)]);
  const surveys = (await Promise.all(ids.map((id) => repository.getSurvey(id)))).filter((s): s is Survey => s !== undefined);
  return {
    contacts: contact ? [{ phone: contact.phone }] : [],
    surveys: surveys.map(({ phoneHash: _hash, phone: _phone, ...rest }) => rest),
  };
});
