import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { createLogger } from '../../../shared/observability/logger';
import { OPT_OUT_CONFIRMATION } from '../domain/message';
import { parisMonth } from '../../../shared/sms/month';
import { isE164, normaliseE164, phoneHash } from '../domain/phone-hash';
import { parseReply } from '../domain/reply';
import { COMMENT_WINDOW_HOURS } from '../domain/survey';
import type { SurveysDeps, SurveysSendingDeps } from '../domain/surveys.ports';
import { OptOutRecorded } from '../events/surveys.events';
import { isAnswerable, recordAnswer } from './answer';

const logger = createLogger('surveys');

export type InboundOutcome = 'answered' | 'commented' | 'opted_out' | 'already_opted_out' | 'ignored';

const hours = (from: string, to: Date) => (to.getTime() - new Date(from).getTime()) / 3_600_000;

/**
 * STOP for a number known by its hash: the opt-out recorded and `OptOutRecorded` announced, in
 * the caller's transaction. Nothing is sent: alone, it is the survey's web page's STOP (ADR 0041:
 * the number is deleted once the SMS is sent, the page itself is the confirmation and the
 * carrier's list is not told), so that page's functions need no SMS sender.
 */
export function makeOptOut(deps: Pick<SurveysDeps, 'repository' | 'clock'>) {
  const { repository, clock } = deps;
  return async (hash: string, uow: UnitOfWork): Promise<'opted_out' | 'already_opted_out'> => {
    const now = clock.now();
    if (await repository.isOptedOut(hash)) return 'already_opted_out';
    repository.recordOptOut(uow, hash, now);
    repository.publish(uow, OptOutRecorded.create({ at: now.toISOString() }));
    return 'opted_out';
  };
}

/**
 * An SMS reached Relais (two-way number on AWS, `POST /api/sms/inbound` locally).
 * Primary course: the sender's number is matched by its hash (never the text) to the last survey
 * sent to it → a mark from 1 to 5 is recorded with the answer and `SurveyAnswered` announced; a
 * text within 48 hours of the mark is kept as its comment.
 * STOP (ARRET, ARRÊT, stop sms) opts the number out at once, for good, with one confirmation SMS,
 * and adds it to the carrier's opt-out list (`syncOptOut`, also for a number already opted out:
 * a retry after a failed list update finds it so, and must still update the list).
 * An unknown number or a text with nothing to match is ignored, without error.
 */
export function makeReceiveSms(deps: SurveysSendingDeps) {
  const { repository, clock, sender } = deps;
  const optOut = makeOptOut(deps);

  /**
   * STOP, one way for the SMS reply, « Mon espace » and the survey's web page (ADR 0041). The web
   * page knows the number's hash only (the number is deleted once the SMS is sent): then the page
   * itself is the confirmation and the carrier's list is not told (no number to give it).
   */
  async function stop(
    who: { hash: string; phone?: string },
    uow: UnitOfWork,
  ): Promise<{ outcome: InboundOutcome; confirm?: () => Promise<void>; syncOptOut?: () => Promise<void> }> {
    const { hash, phone } = who;
    const list = deps.optOutList;
    const syncOptOut = list && phone ? () => list.add(phone) : undefined;
    const outcome = await optOut(hash, uow);
    if (outcome === 'already_opted_out') return { outcome, ...(syncOptOut ? { syncOptOut } : {}) };
    if (!phone) return { outcome };
    // The confirmation goes once the opt-out is stored (the caller commits, then confirms).
    const confirm = async () => {
      const month = parisMonth(clock.now());
      if (!(await repository.reserveSms(month, deps.rules().monthlyBudget))) {
        deps.metrics.count('SmsBudgetExceeded');
        logger.warn('Budget SMS du mois atteint : confirmation de désinscription non envoyée', { month });
        return;
      }
      try {
        await sender.send(phone, OPT_OUT_CONFIRMATION, { kind: 'opt_out_confirmation' });
      } catch (error) {
        await repository.releaseSms(month);
        throw error;
      }
    };
    return { outcome: 'opted_out', confirm, ...(syncOptOut ? { syncOptOut } : {}) };
  }

  return {
    stop,

    async execute(
      input: { from: string; body: string },
      uow: UnitOfWork,
    ): Promise<{ outcome: InboundOutcome; confirm?: () => Promise<void>; syncOptOut?: () => Promise<void> }> {
      const phone = normaliseE164(input.from);
      if (!isE164(phone)) return { outcome: 'ignored' };
      const hash = phoneHash(phone, await deps.phoneSecret());
      const reply = parseReply(input.body);
      const now = clock.now();

      if (reply.kind === 'stop') return stop({ hash, phone }, uow);
      if (reply.kind === 'empty') return { outcome: 'ignored' };

      const last = await repository.lastSurveyOf(hash);
      const survey = last ? await repository.getSurvey(last.surveyId) : undefined;
      if (!survey) return { outcome: 'ignored' };

      if (isAnswerable(survey, now) && reply.kind === 'score') {
        recordAnswer(repository, uow, survey, reply.score, reply.comment, now);
        return { outcome: 'answered' };
      }
      if (survey.status === 'answered' && !survey.comment && survey.answeredAt && hours(survey.answeredAt, now) <= COMMENT_WINDOW_HOURS) {
        const text = reply.kind === 'text' ? reply.text : input.body.replace(/\s+/g, ' ').trim();
        if (!text) return { outcome: 'ignored' };
        repository.addComment(uow, survey, text, now);
        return { outcome: 'commented' };
      }
      return { outcome: 'ignored' };
    },
  };
}
