import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { checkAnswerToken } from '../domain/answer-link';
import type { Survey } from '../domain/survey';
import type { SurveysDeps } from '../domain/surveys.ports';
import { surveysErrors } from '../errors';
import { isAnswerable, recordAnswer } from './answer';

export interface SurveyLinkDeps extends Pick<SurveysDeps, 'repository' | 'clock'> {
  linkSecret(): Promise<string>;
}

/**
 * The one-question page a survey SMS links to when the stage has no two-way number (issue 18,
 * point 2; ADR 0041). The signed link alone is the credential: it opens one survey, never a name
 * nor a number. Primary course: the link's signature holds and it has not expired → the survey
 * may still take a mark → the same mark as an SMS reply (`recordAnswer`: `SurveyAnswered`,
 * counted in the results). « Ne plus recevoir de messages » is the same STOP as by SMS
 * (`stopNumber`, by the number's hash). A forged link → 401; expired → 410; answered → 410.
 */
export function makeSurveyLink(deps: SurveyLinkDeps, stopNumber: (phoneHash: string) => Promise<unknown>) {
  const { repository, clock } = deps;

  /** The survey of a link whose signature holds; its expiry. */
  async function signed(token: string, now: Date): Promise<{ survey: Survey; expiresAt: Date; expired: boolean }> {
    const check = checkAnswerToken(token, await deps.linkSecret(), now);
    const survey = check.valid ? await repository.getSurvey(check.surveyId) : undefined;
    if (!check.valid || !survey) throw surveysErrors.error('answer-link.invalid');
    return { survey, expiresAt: check.expiresAt, expired: check.expired };
  }

  /** A survey still to answer with this link. */
  async function open(token: string, now: Date) {
    const link = await signed(token, now);
    if (link.survey.status === 'answered') throw surveysErrors.error('answer-link.used');
    if (link.expired || !isAnswerable(link.survey, now)) throw surveysErrors.error('answer-link.expired');
    return link;
  }

  return {
    async read(token: string) {
      const { survey, expiresAt } = await open(token, clock.now());
      return {
        placeName: survey.placeName,
        trigger: survey.trigger,
        expiresAt: expiresAt.toISOString(),
        optedOut: await repository.isOptedOut(survey.phoneHash),
      };
    },

    async answer(token: string, input: { score: number }, uow: UnitOfWork) {
      const now = clock.now();
      const { survey } = await open(token, now);
      recordAnswer(repository, uow, survey, input.score as 1 | 2 | 3 | 4 | 5, undefined, now);
      return { status: 'answered' as const, score: input.score };
    },

    /** Stopping is offered until the link expires, answered or not. */
    async stop(token: string) {
      const { survey, expired } = await signed(token, clock.now());
      if (expired) throw surveysErrors.error('answer-link.expired');
      await stopNumber(survey.phoneHash);
      return { optedOut: true as const };
    },
  };
}
