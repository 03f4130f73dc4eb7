import type { Actor } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import { tableName } from '../../../shared/config/settings';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { FieldError } from '../../../shared/errors/errors';
import { type PendingAccount, type StaffAccounts, isAssignableRole } from '../accounts/staff-accounts';
import { platformErrors } from '../errors';

export interface AccountsDeps {
  accounts: StaffAccounts;
  /** Whether the directory knows the organisation (the platform's copy of the directory's names, kept from its events). */
  organisationExists(id: string): Promise<boolean>;
  clock: { now(): Date };
}

/** Who assigned what to which account, when (append-only, one per account: the assignment's trace and its guard). */
export const assignmentKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ASSIGNMENT' });

/** The accounts awaiting a role (the route's gate is the administrators'). */
export function makeListPendingAccounts(deps: Pick<AccountsDeps, 'accounts'>) {
  return {
    async execute(): Promise<{ items: PendingAccount[] }> {
      return { items: await deps.accounts.pending() };
    },
  };
}

/**
 * An administrator gives a pending account its role and organisation (ADR 0041). In order: never
 * one's own account (403, before anything is read); the role must be a staff role (`personne`
 * never) and the organisation one of the directory (422, both fields listed together); the
 * account must exist (404) and have no role yet (409). The assignment is traced in the platform's
 * table (`ACCOUNT#<id>`, who, when, what), written once: a second one is a 409.
 */
export function makeAssignAccount(deps: AccountsDeps) {
  return {
    async execute(id: string, input: { role: string; organisationId: string }, actor: Actor, uow: UnitOfWork) {
      authorize('accounts.assign', actor, { ownAccount: id === actor.id }, platformErrors.error('account.own'));
      const errors: FieldError[] = [];
      if (!isAssignableRole(input.role)) {
        errors.push({
          path: 'body.role',
          message: 'Rôle inconnu : accueil, travailleur_social, partenaire, pilote ou admin (jamais personne)',
        });
      }
      if (!(await deps.organisationExists(input.organisationId))) {
        errors.push({ path: 'body.organisationId', message: 'Cette structure n’existe pas dans l’annuaire' });
      }
      if (errors.length > 0 || !isAssignableRole(input.role)) throw platformErrors.error('assignment.invalid', { errors });
      const role = input.role;
      const account = await deps.accounts.get(id);
      if (!account) throw platformErrors.error('account.not-found');
      if (account.roles.length > 0) throw platformErrors.error('account.already-assigned');
      const outcome = await deps.accounts.assign(id, role, input.organisationId);
      if (outcome === 'not-found') throw platformErrors.error('account.not-found');
      if (outcome === 'already-assigned') throw platformErrors.error('account.already-assigned');
      const assignedAt = deps.clock.now().toISOString();
      uow.put(
        tableName('platform', 'main'),
        {
          ...assignmentKey(id),
          entity: 'AccountAssignment',
          accountId: id,
          role,
          organisationId: input.organisationId,
          assignedBy: actor.id,
          assignedByOrganisationId: actor.organisationId,
          assignedAt,
        },
        { expression: 'attribute_not_exists(pk)' },
        () => platformErrors.error('account.already-assigned'),
      );
      return { id, role, organisationId: input.organisationId, assignedAt };
    },
  };
}
