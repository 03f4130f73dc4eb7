import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { createLogger } from '../../../shared/observability/logger';
import { surveyLinkMessage, surveyMessage } from '../domain/message';
import { ANSWER_WINDOW_HOURS } from '../domain/survey';
import { parisMonth } from '../../../shared/sms/month';
import type { SurveysDeps, SurveysSendingDeps } from '../domain/surveys.ports';
import { SurveySent } from '../events/surveys.events';

const logger = createLogger('surveys');
/** Surveys put on the send queue per run of the schedule (the queue spreads them out). */
const DISPATCH_BATCH = 100;

/**
 * The schedule (every minute): due surveys, found through the sparse `due` index, go to the send
 * queue. A survey is queued before it is marked so: if marking fails, the next run queues it
 * again and the sender's claim keeps it to one SMS.
 */
export function makeDispatchDueSurveys(deps: Pick<SurveysDeps, 'repository' | 'clock' | 'enqueueSend'>) {
  return {
    async execute(): Promise<{ queued: number }> {
      let queued = 0;
      for (;;) {
        const due = await deps.repository.dueSurveys(deps.clock.now(), DISPATCH_BATCH);
        for (const survey of due) {
          await deps.enqueueSend(survey.id);
          await deps.repository.markQueued(survey.id);
          queued++;
        }
        if (due.length < DISPATCH_BATCH) return { queued };
      }
    },
  };
}

export type SendOutcome = 'sent' | 'not_pending' | 'cancelled' | 'budget_exceeded';

/**
 * Send one survey (the queue's consumer).
 * Primary course: the survey is still to send → the number has not opted out and the person
 * still consents → one SMS of the month's budget is reserved (atomic counter) → the SMS goes
 * (End User Messaging SMS, or the local outbox) — on a stage without a two-way number, with a
 * signed link to the one-question page, valid for the answer window (ADR 0041) → the survey is marked sent, its number deleted, and `SurveySent`
 * announced in the same transaction.
 * Beyond the budget nothing is sent: the survey is closed `budget_exceeded` and the
 * `SmsBudgetExceeded` metric raises the alarm. If sending fails, the reservation is given back
 * and the queue retries.
 */
export function makeSendSurvey(deps: SurveysSendingDeps) {
  const { repository, clock, sender, metrics } = deps;
  return {
    async execute(surveyId: string): Promise<SendOutcome> {
      const survey = await repository.getSurvey(surveyId);
      if (!survey || !['scheduled', 'queued'].includes(survey.status)) return 'not_pending';
      if (!(await repository.claim(surveyId))) return 'not_pending';
      const phone = await repository.surveyPhone(surveyId);
      const withdrawn = survey.personId ? !(await repository.getContact(survey.personId)) : false;
      if (!phone || withdrawn || (await repository.isOptedOut(survey.phoneHash))) {
        await repository.close(surveyId, 'cancelled', clock.now());
        return 'cancelled';
      }
      const month = parisMonth(clock.now());
      if (!(await repository.reserveSms(month, deps.rules().monthlyBudget))) {
        await repository.close(surveyId, 'budget_exceeded', clock.now());
        metrics.count('SmsBudgetExceeded');
        logger.warn('Budget SMS du mois atteint : enquête non envoyée', { surveyId, month });
        return 'budget_exceeded';
      }
      try {
        const web = deps.webAnswer;
        const text = web
          ? surveyLinkMessage(survey.placeName, await web.link(surveyId, new Date(clock.now().getTime() + ANSWER_WINDOW_HOURS * 3_600_000)))
          : surveyMessage(survey.placeName);
        await sender.send(phone, text, { surveyId, kind: 'survey' });
      } catch (error) {
        await repository.releaseSms(month);
        await repository.unclaim(surveyId);
        throw error;
      }
      const sentAt = clock.now();
      const uow = new UnitOfWork();
      repository.markSent(uow, survey, sentAt);
      repository.publish(
        uow,
        SurveySent.create({
          surveyId,
          organisationId: survey.organisationId,
          ...(survey.siteId ? { siteId: survey.siteId } : {}),
          trigger: survey.trigger,
          sentAt: sentAt.toISOString(),
        }),
      );
      await uow.commit();
      return 'sent';
    },
  };
}
