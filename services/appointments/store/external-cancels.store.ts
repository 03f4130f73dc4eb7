import { queryAll } from '../../../shared/dynamo/query-all';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { PendingCancels, PendingExternalCancel } from '../domain/external-cancel';
import { pick, table } from './appointments.repository';

/**
 * A cancel to ask again of an external agenda (ADR 0065), in one partition of the appointments'
 * table sorted by when it is next due: the schedule queries the due ones (no scan); trying again
 * moves it (delete + put, one transaction).
 */
export const externalCancelKey = (p: Pick<PendingExternalCancel, 'nextAttemptAt' | 'appointmentId'>) => ({
  pk: 'EXTERNAL_CANCELS',
  sk: `${p.nextAttemptAt}#${p.appointmentId}`,
});

/** The bounds of a query over the pending cancels due at or before `untilIso`. */
export const externalCancelRange = (untilIso: string): [string, string] => ['0', `${untilIso}#~`];

const FIELDS = ['appointmentId', 'organisationId', 'external', 'attempts', 'since', 'nextAttemptAt'] as const;
export const toPendingCancel = (item: Record<string, unknown>): PendingExternalCancel => pick<PendingExternalCancel>(item, FIELDS);

/** The pending cancels in the appointments' table. */
export class DynamoPendingCancels implements PendingCancels {
  async due(untilIso: string) {
    const [from, to] = externalCancelRange(untilIso);
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'EXTERNAL_CANCELS', ':from': from, ':to': to },
      ConsistentRead: true,
    });
    return items.map(toPendingCancel);
  }

  keep(uow: UnitOfWork, pending: PendingExternalCancel) {
    uow.put(table(), { ...externalCancelKey(pending), ...pending }, { expression: 'attribute_not_exists(pk)' });
  }

  remove(uow: UnitOfWork, pending: PendingExternalCancel, onConditionFailed: () => Error) {
    uow.add(
      { Delete: { TableName: table(), Key: externalCancelKey(pending), ConditionExpression: 'attribute_exists(pk)' } },
      onConditionFailed,
    );
  }
}
