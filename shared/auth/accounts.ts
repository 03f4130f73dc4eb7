import type { Role } from '../manifest/manifest';

/** A Relais user account as the platform knows it: who, which organisation, which roles. */
export interface Account {
  userId: string;
  organisationId: string | null;
  roles: Role[];
}

/**
 * The accounts of Relais, read to check that a user named in a request (a parcours member) is
 * a real account of the organisation given for them: no one adds a colleague « as » another
 * organisation (SECURITY.md). Cognito on AWS (`cognito-accounts.ts`, a module of its own so that only
 * the functions that check an account bundle Cognito's client), the demo users locally.
 */
export interface AccountDirectory {
  get(userId: string): Promise<Account | undefined>;
}

/** The local stack's accounts: the demo users (the sign-in page lists them). */
export class StaticAccountDirectory implements AccountDirectory {
  constructor(private readonly accounts: readonly Account[]) {}

  async get(userId: string): Promise<Account | undefined> {
    return this.accounts.find((a) => a.userId === userId);
  }
}
