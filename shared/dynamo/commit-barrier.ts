import { type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local answers `TransactWriteItems` before its SQLite `COMMIT` has run: the commit is
 * queued on DynamoDB Local's single SQLite thread and not waited for
 * (`SQLiteDBAccess.commitTransaction` in DynamoDBLocal.jar, 2026-01-16), unlike `PutItem`,
 * `UpdateItem` and `DeleteItem`, whose statement is waited for. A `kill -9` in that window
 * loses a transaction the caller was told succeeded (docs/adr/0015-local-durability.md).
 *
 * The barrier closes the window: after a transaction succeeds, one `ListTables` is sent on the
 * same connection pool. DynamoDB Local runs it as a job on the same SQLite queue, first in,
 * first out, and waits for it, so when it answers the `COMMIT` before it has run, and the
 * transaction is in the database file. The caller's `send` resolves only then. Local mode only
 * (a DynamoDB endpoint is configured); on AWS nothing is added.
 */
type CommitListener = () => void;
const commitListeners = new Set<CommitListener>();

/**
 * Called after each committed transaction of this process (local mode): the local stream
 * poller reads the streams at once instead of waiting for its next round, so that events go
 * out without polling DynamoDB Local many times a second for nothing. Returns the unsubscribe.
 */
export function onLocalCommit(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

export function addLocalCommitBarrier(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        for (const listener of commitListeners) listener();
      }
      return result;
    },
    { step: 'initialize', name: 'relaisLocalCommitBarrier' },
  );
  return client;
}
