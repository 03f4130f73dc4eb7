import type { Actor } from '../../../shared/auth/actor';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import type { AnswerMySurveyInput } from '../domain/person-survey.schema';
import type { Survey } from '../domain/survey';
import type { SurveysDeps } from '../domain/surveys.ports';
import { surveysErrors } from '../errors';
import { isAnswerable, recordAnswer } from './answer';

function personIdOf(actor: Actor): string {
  if (!actor.personId) throw kernelErrors.error('forbidden');
  return actor.personId;
}

/**
 * The person answers her satisfaction survey on the web as well as by SMS (issue 15, point 3;
 * ADR 0038). Primary course: her number on record (kept by the surveys service when she agreed
 * to SMS surveys) leads to the last survey sent to it → if it may still take a mark (sent, less
 * than 7 days ago) it is hers to answer → the same mark as by SMS (1 to 5, optional comment),
 * the same `SurveyAnswered`. Opted out (STOP): no survey. She may stop them here too
 * (`makeStopMySurveys`).
 */
export function makePersonSurvey(deps: Pick<SurveysDeps, 'repository' | 'clock'>) {
  const { repository, clock } = deps;

  async function pending(personId: string): Promise<{ survey?: Survey; optedOut: boolean }> {
    const contact = await repository.getContact(personId);
    if (!contact) return { optedOut: false };
    if (await repository.isOptedOut(contact.phoneHash)) return { optedOut: true };
    const last = await repository.lastSurveyOf(contact.phoneHash);
    const survey = last ? await repository.getSurvey(last.surveyId) : undefined;
    return { ...(survey && isAnswerable(survey, clock.now()) ? { survey } : {}), optedOut: false };
  }

  return {
    async mine(actor: Actor) {
      const { survey, optedOut } = await pending(personIdOf(actor));
      return {
        survey: survey ? { id: survey.id, placeName: survey.placeName, trigger: survey.trigger, sentAt: survey.sentAt as string } : null,
        optedOut,
      };
    },

    async answer(input: AnswerMySurveyInput, actor: Actor, uow: UnitOfWork) {
      const { survey } = await pending(personIdOf(actor));
      // Not hers, answered already, too late, or none: the same answer, nothing said of others' surveys.
      if (!survey || survey.id !== input.surveyId) throw surveysErrors.error('survey.not-found');
      recordAnswer(repository, uow, survey, input.score as 1 | 2 | 3 | 4 | 5, input.comment, clock.now());
      return { status: 'answered' as const, score: input.score };
    },
  };
}

/**
 * She stops her surveys from « Mon espace »: the very same opt-out as an SMS « STOP » from her
 * number, recorded under her number's hash (`stopByHash`, the opt-out the survey's web page uses).
 * The page she is on is the confirmation: a route sends no SMS and has no right to (the carrier's
 * opt-out list is told only by an SMS « STOP »; Relais's own opt-out, checked before every send,
 * is what stops the surveys). See docs/adr/0053.
 */
export function makeStopMySurveys(deps: Pick<SurveysDeps, 'repository'>, stopByHash: (phoneHash: string) => Promise<unknown>) {
  return {
    async stop(actor: Actor) {
      const contact = await deps.repository.getContact(personIdOf(actor));
      if (!contact) throw surveysErrors.error('survey.no-number');
      await stopByHash(contact.phoneHash);
      return { optedOut: true as const };
    },
  };
}
