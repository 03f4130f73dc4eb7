import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { queryAll } from '../../../shared/dynamo/query-all';
import { DEMO_USERS } from '../../directory/demo/lot-demo';
import { ACCOUNT_ID, type AssignableRole, type PendingAccount, type StaffAccount, type StaffAccounts } from './staff-accounts';

/** The local stack's accounts table (`devaccounts`, local only, never deployed). */
const table = () => tableName('platform', 'devaccounts');
/** One partition holds the local accounts (a handful): listed with one Query, never a Scan. */
const PK = 'ACCOUNTS';

/** What the local ProConnect-like sign-in receives, as ProConnect's claims give it. */
export interface FederatedIdentity {
  email: string;
  givenName: string;
  familyName: string;
  siret?: string;
}

/** A local account as stored: the identity, and the role and organisation once assigned. */
export interface LocalAccount extends PendingAccount {
  role?: AssignableRole;
  organisationId?: string;
}

/**
 * The same e-mail always gets the same id, as the same ProConnect agent always gets the same
 * pool user on AWS; shaped as a UUID like Cognito's `sub`.
 */
export function localAccountId(email: string): string {
  const h = createHash('sha256').update(`relais-local-account|${email.trim().toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const accountOf = (item: Record<string, unknown>): LocalAccount => ({
  id: String(item.sk),
  email: String(item.email ?? ''),
  givenName: String(item.givenName ?? ''),
  familyName: String(item.familyName ?? ''),
  ...(typeof item.siret === 'string' ? { siret: item.siret } : {}),
  createdAt: String(item.createdAt),
  ...(typeof item.role === 'string' ? { role: item.role as AssignableRole } : {}),
  ...(typeof item.organisationId === 'string' ? { organisationId: item.organisationId } : {}),
});

/**
 * The local stack's staff accounts (ADR 0041), mirroring the pool: the demo users (always
 * assigned, from the demo data) and the accounts the local ProConnect-like sign-in creates
 * (`POST /api/auth/dev/proconnect`), pending until an administrator assigns them — as a
 * federated user appears in the pool at the first sign-in, with no group. Kept in DynamoDB
 * Local (`devaccounts`), so that an assignment survives a restart and reaches the next token.
 */
export class LocalStaffAccounts implements StaffAccounts {
  /** The first sign-in creates the account (pending); a later one refreshes the identity, as Cognito maps the claims at each sign-in. */
  async signIn(identity: FederatedIdentity, now = new Date()): Promise<LocalAccount> {
    const id = localAccountId(identity.email);
    const out = await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: PK, sk: id },
        UpdateExpression: `SET email = :email, givenName = :given, familyName = :family, createdAt = if_not_exists(createdAt, :now)${
          identity.siret ? ', siret = :siret' : ''
        }${identity.siret ? '' : ' REMOVE siret'}`,
        ExpressionAttributeValues: {
          ':email': identity.email.trim().toLowerCase(),
          ':given': identity.givenName,
          ':family': identity.familyName,
          ':now': now.toISOString(),
          ...(identity.siret ? { ':siret': identity.siret } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return accountOf(out.Attributes ?? {});
  }

  async pending(): Promise<PendingAccount[]> {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'attribute_not_exists(#role)',
      ExpressionAttributeNames: { '#role': 'role' },
      ExpressionAttributeValues: { ':pk': PK },
      ConsistentRead: true,
    });
    return items
      .map(accountOf)
      .map(({ role: _r, organisationId: _o, ...pending }) => pending)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<StaffAccount | undefined> {
    if (!ACCOUNT_ID.test(id)) return undefined;
    const demo = DEMO_USERS.find((u) => u.sub === id);
    if (demo) return { id, roles: [demo.role], organisationId: demo.organisationId };
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: { pk: PK, sk: id }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const account = accountOf(out.Item);
    return { id, roles: account.role ? [account.role] : [], organisationId: account.organisationId ?? null };
  }

  /** The local account as its next token shows it (the local sign-in signs it). */
  async account(id: string): Promise<LocalAccount | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: { pk: PK, sk: id }, ConsistentRead: true }));
    return out.Item ? accountOf(out.Item) : undefined;
  }

  async assign(id: string, role: AssignableRole, organisationId: string): Promise<'assigned' | 'already-assigned' | 'not-found'> {
    const current = await this.get(id);
    if (!current) return 'not-found';
    if (current.roles.length > 0) return 'already-assigned';
    try {
      // Role and organisation in one conditional write: two administrators at once, one wins.
      await ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: { pk: PK, sk: id },
          UpdateExpression: 'SET #role = :role, organisationId = :org',
          ConditionExpression: 'attribute_exists(sk) AND attribute_not_exists(#role)',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':role': role, ':org': organisationId },
        }),
      );
      return 'assigned';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return 'already-assigned';
    }
  }
}
