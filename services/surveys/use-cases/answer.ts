import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ANSWER_WINDOW_HOURS, type Survey } from '../domain/survey';
import type { SurveysRepository } from '../domain/surveys.ports';
import { SurveyAnswered } from '../events/surveys.events';

const hours = (from: string, to: Date) => (to.getTime() - new Date(from).getTime()) / 3_600_000;

/** A survey that may still take a mark: sent, less than the answer window ago (by SMS or on the web alike). */
export const isAnswerable = (survey: Survey, now: Date): boolean =>
  survey.status === 'sent' && Boolean(survey.sentAt) && hours(survey.sentAt as string, now) <= ANSWER_WINDOW_HOURS;

/** Record a mark (and its comment) and announce it: one way for the SMS reply and the web answer. */
export function recordAnswer(
  repository: Pick<SurveysRepository, 'answer' | 'publish'>,
  uow: UnitOfWork,
  survey: Survey,
  score: 1 | 2 | 3 | 4 | 5,
  comment: string | undefined,
  now: Date,
): void {
  repository.answer(uow, survey, score, comment, now);
  repository.publish(
    uow,
    SurveyAnswered.create({
      surveyId: survey.id,
      organisationId: survey.organisationId,
      ...(survey.siteId ? { siteId: survey.siteId } : {}),
      score,
      withComment: Boolean(comment),
      answeredAt: now.toISOString(),
    }),
  );
}
