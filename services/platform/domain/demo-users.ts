import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../directory/demo/lot-demo';

/** The demo users as the sign-in page lists them (local mode only). */
export function demoUsers() {
  return DEMO_USERS.map((u) => ({
    username: u.username,
    name: u.name,
    role: u.role,
    organisationId: u.organisationId,
    organisationName: DEMO_ORGANISATIONS.find((o) => o.id === u.organisationId)?.name ?? '',
    siteId: u.siteId,
  }));
}
