import type { DynamoDbLocal } from '../../infra/local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis as { __relaisDynamos?: DynamoDbLocal[] }).__relaisDynamos?.map((d) => d.stop()) ?? []);
}
