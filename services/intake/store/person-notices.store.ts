import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { SiteProjection } from '../domain/intake.ports';
import { toSite, table } from './intake.repository';
import { sitesOfOrganisation } from './keys';

/** What the person is told of her referral (ADR 0033). */
export type ReferralNoticeKind = 'referral.sent' | 'referral.declined' | 'referral.closed';

/** A notice waiting for the end of the quiet hours: ids and codes only, the person is read again at sending. */
export interface PendingPersonNotice {
  referralId: string;
  kind: ReferralNoticeKind;
  /** When it may go (ISO instant): the next allowed time when it was asked for. */
  dueAt: string;
  reasonCode?: string;
  outcome?: string;
}

/** The `due` index partition of the waiting notices (sparse, beside `DUE` and `RETENTION`). */
export const PERSON_NOTICE_DUE = 'PERSON_NOTICE';
/** A waiting notice not sent after a month (an outage that long) is removed by DynamoDB. */
const KEPT_S = 31 * 86_400;

const noticeKey = (referralId: string, kind: ReferralNoticeKind) => ({ pk: `PERSON_NOTICE#${referralId}`, sk: kind });
const monthKey = (month: string) => ({ pk: `PERSON_NOTICES#${month}`, sk: 'SENT' });

/** What the person's notices need beyond the intake repository: the waiting queue and the month's count. */
export interface PersonNoticeStore {
  /** The sites intake knows of an organisation (its copy of the directory): one Query on `gsi1`. */
  sitesOfOrganisation(organisationId: string): Promise<SiteProjection[]>;
  /** Wait for `dueAt`; the same referral and kind twice is one notice. */
  queue(uow: UnitOfWork, notice: PendingPersonNotice): void;
  /** The notices due at or before `now`, oldest first (a Query of the `due` index, no Scan). */
  due(now: string, limit: number): Promise<PendingPersonNotice[]>;
  /** Remove a waiting notice, on the condition it is still there (of two runs, one sends). */
  remove(uow: UnitOfWork, notice: PendingPersonNotice, onConditionFailed: () => Error): void;
  /** Notices counted this month (Paris). */
  sentIn(month: string): Promise<number>;
  /** Count one more: an equality-conditioned put (a concurrent count fails the transaction, which is retried). */
  setSentIn(uow: UnitOfWork, month: string, sent: number, expected: number, onConditionFailed: () => Error): void;
}

export class DynamoPersonNoticeStore implements PersonNoticeStore {
  async sitesOfOrganisation(organisationId: string): Promise<SiteProjection[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': sitesOfOrganisation(organisationId) },
        Limit: 50,
      }),
    );
    return (out.Items ?? []).map(toSite);
  }

  queue(uow: UnitOfWork, notice: PendingPersonNotice): void {
    uow.put(
      table(),
      {
        ...noticeKey(notice.referralId, notice.kind),
        entity: 'PersonNotice',
        ...notice,
        duePk: PERSON_NOTICE_DUE,
        expiresAt: Math.floor(Date.parse(notice.dueAt) / 1000) + KEPT_S,
      },
      { expression: 'attribute_not_exists(pk)' },
      // Already waiting: nothing more to do (the caller's transaction carries only this write and its marker).
    );
  }

  async due(now: string, limit: number): Promise<PendingPersonNotice[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'due',
        KeyConditionExpression: 'duePk = :pk AND dueAt <= :now',
        ExpressionAttributeValues: { ':pk': PERSON_NOTICE_DUE, ':now': now },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      referralId: String(i.referralId),
      kind: i.kind as ReferralNoticeKind,
      dueAt: String(i.dueAt),
      ...(typeof i.reasonCode === 'string' ? { reasonCode: i.reasonCode } : {}),
      ...(typeof i.outcome === 'string' ? { outcome: i.outcome } : {}),
    }));
  }

  remove(uow: UnitOfWork, notice: PendingPersonNotice, onConditionFailed: () => Error): void {
    uow.add(
      { Delete: { TableName: table(), Key: noticeKey(notice.referralId, notice.kind), ConditionExpression: 'attribute_exists(pk)' } },
      onConditionFailed,
    );
  }

  async sentIn(month: string): Promise<number> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: monthKey(month), ConsistentRead: true }));
    return typeof out.Item?.sent === 'number' ? out.Item.sent : 0;
  }

  setSentIn(uow: UnitOfWork, month: string, sent: number, expected: number, onConditionFailed: () => Error): void {
    uow.put(
      table(),
      { ...monthKey(month), entity: 'PersonNoticeCount', month, sent },
      expected === 0
        ? { expression: 'attribute_not_exists(pk) OR sent = :zero', values: { ':zero': 0 } }
        : { expression: 'sent = :expected', values: { ':expected': expected } },
      onConditionFailed,
    );
  }
}
