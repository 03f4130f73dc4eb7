import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../../shared/dynamo/client';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { Person } from '../domain/person.schema';
import { personKey } from './keys';

/**
 * What « Mon espace » keeps in intake's table (ADR 0036), besides the person:
 *
 * - `PERSON#<id>` / `SIGNIN_CONTACT#phone|email`: her contact as the sign-in finds it, in `gsi1`
 *   under `SIGNIN#<kind>:<value>`. Written with the person (same transaction), removed when the
 *   contact is removed, erased with her partition (rule 6). No Scan: a Query of `gsi1`.
 * - `SIGNIN_CODE#<sha-256 of the contact>` / `CODE`: the code asked for a contact — its HMAC only,
 *   never the code —, when it expires, the wrong tries, the sending times of the last hour and the
 *   end of a wait. Kept a day (TTL). Written even for a contact no record has, so that the answers
 *   are the same for a contact known or not.
 * - `PERSON_INVITATION#<nonce>` / `INVITATION`: an invitation not yet used; deleted on use (single
 *   use, conditional delete), removed by DynamoDB after its expiry.
 */
export type ContactKind = 'phone' | 'email';

export const CONTACT_KINDS: readonly ContactKind[] = ['phone', 'email'];

/** E-mail addresses are compared in lower case; phones are E.164 already. */
export const contactValue = (kind: ContactKind, value: string): string => (kind === 'email' ? value.trim().toLowerCase() : value);
export const contactPartition = (kind: ContactKind, value: string) => `SIGNIN#${kind}:${contactValue(kind, value)}`;
const contactItemKey = (personId: string, kind: ContactKind) => ({ pk: personKey(personId).pk, sk: `SIGNIN_CONTACT#${kind}` });
/** The code's key names no contact in clear. */
export const codeKey = (kind: ContactKind, value: string) => ({
  pk: `SIGNIN_CODE#${createHash('sha256')
    .update(`${kind}:${contactValue(kind, value)}`)
    .digest('hex')}`,
  sk: 'CODE',
});
const invitationKey = (nonce: string) => ({ pk: `PERSON_INVITATION#${nonce}`, sk: 'INVITATION' });

/** A code state kept one day after its last change. */
const CODE_STATE_KEPT_S = 86_400;

export interface CodeState {
  /** The record the code opens; null for a contact no single record has (nothing was sent). */
  personId: string | null;
  /** HMAC-SHA256 of the code (hex); absent once used up or locked. */
  codeHash?: string;
  /** ISO instant. */
  codeExpiresAt?: string;
  attempts: number;
  /** ISO instants of the codes sent within the last hour. */
  sends: string[];
  /** ISO instant until which nothing is sent nor tried. */
  lockedUntil?: string;
}

export interface InvitationRecord {
  personId: string;
  expiresAt: string;
}

/**
 * The person's sign-in contacts beside her record: called with every write of the record, so
 * that a changed or removed phone no longer signs in.
 */
export function writeSignInContacts(uow: UnitOfWork, tableName: string, person: Person): void {
  for (const kind of CONTACT_KINDS) {
    const value = person[kind];
    if (value) {
      uow.put(tableName, {
        ...contactItemKey(person.id, kind),
        entity: 'SignInContact',
        personId: person.id,
        gsi1pk: contactPartition(kind, value),
        gsi1sk: person.id,
      });
    } else {
      uow.add({ Delete: { TableName: tableName, Key: contactItemKey(person.id, kind) } });
    }
  }
}

export interface SignInStore {
  /** The records that have this contact (a Query of `gsi1`, at most a few). */
  personsWithContact(kind: ContactKind, value: string): Promise<string[]>;
  codeState(kind: ContactKind, value: string): Promise<CodeState | undefined>;
  /** The new state after a code was sent (or not sent), in the request's transaction. */
  saveCodeState(uow: UnitOfWork, kind: ContactKind, value: string, state: CodeState, now: Date): void;
  /** One more try, counted at once and atomically (parallel tries are each counted): the state after it. */
  countAttempt(kind: ContactKind, value: string, now: Date): Promise<CodeState>;
  /** Too many tries: no code any more, nothing sent nor tried until `until`. */
  lock(kind: ContactKind, value: string, until: Date, now: Date): Promise<void>;
  /** The code served: gone. */
  forget(kind: ContactKind, value: string): Promise<void>;
  saveInvitation(uow: UnitOfWork, nonce: string, invitation: InvitationRecord): void;
  /** Use an invitation: deleted on the condition it is still there (single use); undefined if it was not. */
  redeemInvitation(nonce: string): Promise<InvitationRecord | undefined>;
}

const toState = (item: Record<string, unknown>): CodeState => ({
  personId: typeof item.personId === 'string' ? item.personId : null,
  ...(typeof item.codeHash === 'string' ? { codeHash: item.codeHash } : {}),
  ...(typeof item.codeExpiresAt === 'string' ? { codeExpiresAt: item.codeExpiresAt } : {}),
  attempts: typeof item.attempts === 'number' ? item.attempts : 0,
  sends: Array.isArray(item.sends) ? item.sends.map(String) : [],
  ...(typeof item.lockedUntil === 'string' ? { lockedUntil: item.lockedUntil } : {}),
});

export class DynamoSignInStore implements SignInStore {
  constructor(private readonly table: () => string) {}

  async personsWithContact(kind: ContactKind, value: string): Promise<string[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: this.table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': contactPartition(kind, value) },
        Limit: 5,
      }),
    );
    return (out.Items ?? []).map((i) => String(i.personId));
  }

  async codeState(kind: ContactKind, value: string): Promise<CodeState | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: this.table(), Key: codeKey(kind, value), ConsistentRead: true }));
    return out.Item ? toState(out.Item) : undefined;
  }

  saveCodeState(uow: UnitOfWork, kind: ContactKind, value: string, state: CodeState, now: Date): void {
    uow.put(this.table(), {
      ...codeKey(kind, value),
      entity: 'SignInCode',
      ...state,
      expiresAt: Math.floor(now.getTime() / 1000) + CODE_STATE_KEPT_S,
    });
  }

  async countAttempt(kind: ContactKind, value: string, now: Date): Promise<CodeState> {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: this.table(),
        Key: codeKey(kind, value),
        UpdateExpression: 'ADD attempts :one SET entity = :entity, expiresAt = :ttl',
        ExpressionAttributeValues: {
          ':one': 1,
          ':entity': 'SignInCode',
          ':ttl': Math.floor(now.getTime() / 1000) + CODE_STATE_KEPT_S,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toState(out.Attributes ?? {});
  }

  async lock(kind: ContactKind, value: string, until: Date, now: Date): Promise<void> {
    await ddb().send(
      new UpdateCommand({
        TableName: this.table(),
        Key: codeKey(kind, value),
        UpdateExpression: 'SET lockedUntil = :until, attempts = :zero, expiresAt = :ttl REMOVE codeHash, codeExpiresAt',
        ExpressionAttributeValues: {
          ':until': until.toISOString(),
          ':zero': 0,
          ':ttl': Math.floor(Math.max(until.getTime(), now.getTime()) / 1000) + CODE_STATE_KEPT_S,
        },
      }),
    );
  }

  async forget(kind: ContactKind, value: string): Promise<void> {
    await ddb().send(new DeleteCommand({ TableName: this.table(), Key: codeKey(kind, value) }));
  }

  saveInvitation(uow: UnitOfWork, nonce: string, invitation: InvitationRecord): void {
    uow.put(
      this.table(),
      {
        ...invitationKey(nonce),
        entity: 'PersonInvitation',
        personId: invitation.personId,
        expiresOn: invitation.expiresAt,
        // DynamoDB removes it some time after; the signed token's expiry is what refuses it.
        expiresAt: Math.floor(Date.parse(invitation.expiresAt) / 1000) + 3600,
      },
      { expression: 'attribute_not_exists(pk)' },
    );
  }

  async redeemInvitation(nonce: string): Promise<InvitationRecord | undefined> {
    try {
      const out = await ddb().send(
        new DeleteCommand({
          TableName: this.table(),
          Key: invitationKey(nonce),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = out.Attributes;
      return item ? { personId: String(item.personId), expiresAt: String(item.expiresOn) } : undefined;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }
}
