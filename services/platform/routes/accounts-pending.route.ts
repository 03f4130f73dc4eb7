import { PendingAccountsSchema } from '../domain/accounts.schema';
import { platformRoute } from './common';

// Staff accounts (issue 18 point 7, ADR 0041): a ProConnect agent's first sign-in leaves an
// account without a role; an administrator gives it one and an organisation.
export const pendingAccountsRoute = platformRoute({
  id: 'pendingAccounts',
  method: 'GET',
  path: '/api/accounts/pending',
  access: ['admin'],
  handler: 'services/platform/handlers/accounts-pending.handler.ts',
  summary: 'Comptes en attente d’un rôle : agents connectés par ProConnect pour la première fois, avec le SIRET déclaré (admin)',
  schemas: { response: PendingAccountsSchema },
});
