import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { franceConnectSubKey, identityLinkKey } from './keys';

/** Her FranceConnect identity link as stored under her partition (ADR 0036). */
export interface IdentityLinkRecord {
  sub: string;
  linkedAt: string;
  /** The professional who confirmed it (a user id, never a name). */
  linkedBy: string;
}

/**
 * The FranceConnect identity links of intake's table: a small item under her partition
 * (`PERSON#<id>` / `IDENTITY_LINK#FC`) and an index entry `FC#<sub>` → her person id, written
 * together in the caller's transaction. The index entry is put on the condition that it is free
 * or already hers: one FranceConnect identity opens one file only.
 */
export interface IdentityLinkStore {
  linkOf(personId: string): Promise<IdentityLinkRecord | undefined>;
  /** The person id an FranceConnect `sub` is linked to (one GetItem: the Pre token generation trigger). */
  personOf(sub: string): Promise<string | undefined>;
  link(uow: UnitOfWork, personId: string, link: IdentityLinkRecord, previous: IdentityLinkRecord | undefined, taken: () => Error): void;
  unlink(uow: UnitOfWork, personId: string, link: IdentityLinkRecord): void;
}

export class DynamoIdentityLinkStore implements IdentityLinkStore {
  constructor(private readonly table: () => string) {}

  async linkOf(personId: string): Promise<IdentityLinkRecord | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: this.table(), Key: identityLinkKey(personId), ConsistentRead: true }));
    const item = out.Item;
    if (!item || typeof item.sub !== 'string') return undefined;
    return { sub: item.sub, linkedAt: String(item.linkedAt), linkedBy: String(item.linkedBy) };
  }

  async personOf(sub: string): Promise<string | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: this.table(), Key: franceConnectSubKey(sub) }));
    return typeof out.Item?.personId === 'string' ? out.Item.personId : undefined;
  }

  link(uow: UnitOfWork, personId: string, link: IdentityLinkRecord, previous: IdentityLinkRecord | undefined, taken: () => Error): void {
    uow.put(this.table(), { ...identityLinkKey(personId), entity: 'IdentityLink', provider: 'FranceConnect', ...link });
    uow.put(
      this.table(),
      { ...franceConnectSubKey(link.sub), entity: 'IdentityLinkIndex', personId },
      { expression: 'attribute_not_exists(pk) OR personId = :personId', values: { ':personId': personId } },
      taken,
    );
    // A new identity replaces her previous one: its index entry goes, if it is still hers.
    if (previous && previous.sub !== link.sub) this.deleteIndex(uow, personId, previous.sub);
  }

  unlink(uow: UnitOfWork, personId: string, link: IdentityLinkRecord): void {
    uow.add({ Delete: { TableName: this.table(), Key: identityLinkKey(personId), ConditionExpression: 'attribute_exists(pk)' } });
    this.deleteIndex(uow, personId, link.sub);
  }

  private deleteIndex(uow: UnitOfWork, personId: string, sub: string): void {
    uow.add({
      Delete: {
        TableName: this.table(),
        Key: franceConnectSubKey(sub),
        ConditionExpression: 'attribute_not_exists(pk) OR personId = :personId',
        ExpressionAttributeValues: { ':personId': personId },
      },
    });
  }
}
