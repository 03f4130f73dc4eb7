import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';

/** Poll `probe` every 100 ms until it answers something, or fail after `timeoutMs` naming `what`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Intake's `PersonRecorded` reached the parcours service (what `parcours.open` reads, ADR 0017). */
export async function personKnownToParcours(personId: string): Promise<void> {
  await waitFor(async () => {
    const out = await ddb().send(
      new GetCommand({
        TableName: tableName('parcours', 'main'),
        Key: { pk: `PERSONFACTS#${personId}`, sk: 'FACTS' },
        ConsistentRead: true,
      }),
    );
    return out.Item ? true : undefined;
  }, 'the person facts in the parcours service');
}
