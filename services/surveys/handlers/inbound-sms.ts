import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { createLogger } from '../../../shared/observability/logger';
import type { SurveysDeps, SurveysSendingDeps } from '../domain/surveys.ports';
import { type InboundOutcome, makeOptOut, makeReceiveSms } from '../use-cases/inbound.use-cases';

const logger = createLogger('surveys');

/** One inbound SMS, committed, then the opt-out confirmation and the carrier's opt-out list if any. */
export function makeInboundSms(deps: SurveysSendingDeps) {
  const receive = makeReceiveSms(deps);
  return async (input: { from: string; body: string }, uow = new UnitOfWork()): Promise<InboundOutcome> =>
    settle(await receive.execute(input, uow), uow);
}

/**
 * STOP for a number known by its hash only (the survey's web page, ADR 0041): the same opt-out,
 * committed. No number, so no confirmation SMS and no carrier's list: it needs no sender.
 */
export function makeStopNumber(deps: Pick<SurveysDeps, 'repository' | 'clock'>) {
  const optOut = makeOptOut(deps);
  return async (phoneHash: string, uow = new UnitOfWork()): Promise<InboundOutcome> =>
    settle({ outcome: await optOut(phoneHash, uow) }, uow);
}

async function settle(
  { outcome, confirm, syncOptOut }: { outcome: InboundOutcome; confirm?: () => Promise<void>; syncOptOut?: () => Promise<void> },
  uow: UnitOfWork,
): Promise<InboundOutcome> {
  await uow.commit();
  if (confirm) {
    // The opt-out is recorded whatever happens to its confirmation: a failure is logged, not
    // retried (a retry would find the number already opted out).
    await confirm().catch((error: Error) => logger.warn('Confirmation de désinscription non envoyée', { errorName: error.name }));
  }
  // The carrier's opt-out list last: a failure throws, the delivery is retried, and the retry
  // (already opted out, no second confirmation) updates the list again.
  if (syncOptOut) await syncOptOut();
  // No number, no text in the logs.
  logger.info('SMS reçu', { outcome });
  return outcome;
}
