import { intakeSettings } from '../intake.settings';
import { table } from '../store/intake.repository';
import { DynamoPersonNoticeStore } from '../store/person-notices.store';
import { DynamoSignInStore } from '../store/sign-in.store';
import type { InvitationDeps, SignInDeps } from '../use-cases/sign-in.use-cases';
import { intakeDeps } from './deps';

const signInStore = new DynamoSignInStore(table);

/**
 * Production wiring of « Mon espace »'s sign-in (ADR 0036), built once per process — all but her
 * token's issuer, which only `POST /api/me/person/token` bundles (./person-token.deps.ts): only
 * that function may sign persons in to the persons' pool (ADR 0040). Nor the over-budget counter:
 * only asking a code sends a message, so only that function bundles the metrics (docs/adr/0053).
 */
export const signInBase: Omit<SignInDeps, 'issueToken' | 'overBudget'> = {
  repository: intakeDeps.repository,
  store: signInStore,
  notices: new DynamoPersonNoticeStore(),
  clock: intakeDeps.clock,
  linkSecret: intakeDeps.linkSecret,
  rules() {
    const s = intakeSettings();
    return {
      lockMinutes: s.RELAIS_PERSON_CODE_LOCK_MINUTES,
      codesPerHour: s.RELAIS_PERSON_CODES_PER_HOUR,
      monthlyBudget: s.RELAIS_PERSON_NOTICE_MONTHLY_BUDGET,
    };
  },
};

export const invitationDeps: InvitationDeps = Object.assign(Object.create(intakeDeps) as typeof intakeDeps, {
  signIn: signInStore,
  invitationHours: () => intakeSettings().RELAIS_PERSON_INVITATION_HOURS,
});
