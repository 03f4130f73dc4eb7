import { LOCAL_PERSON_TOKEN_SECONDS, signLocalPersonToken } from '../../../shared/auth/local-jwt';
import { settings } from '../../../shared/config/settings';
import { countMetric } from '../../../shared/observability/metrics';
import { intakeErrors } from '../errors';
import { intakeSettings } from '../intake.settings';
import { table } from '../store/intake.repository';
import { DynamoPersonNoticeStore } from '../store/person-notices.store';
import { DynamoSignInStore } from '../store/sign-in.store';
import type { InvitationDeps, SignInDeps } from '../use-cases/sign-in.use-cases';
import { intakeDeps } from './deps';

const signInStore = new DynamoSignInStore(table);

/** Production wiring of « Mon espace »'s sign-in (ADR 0036), built once per process. */
export const signInDeps: SignInDeps = {
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
  async issueToken(personId) {
    // Locally the stack's own key, as for the professionals' demo sign-in. On AWS the person's
    // tokens come from her own user pool (ADR 0036, not built yet): these routes are local-only.
    if (settings().RELAIS_MODE !== 'local') throw intakeErrors.error('sign-in.unavailable');
    return { accessToken: await signLocalPersonToken(personId), expiresIn: LOCAL_PERSON_TOKEN_SECONDS };
  },
  overBudget: () => countMetric('intake', 'PersonNoticeOverBudget'),
};

export const invitationDeps: InvitationDeps = Object.assign(Object.create(intakeDeps) as typeof intakeDeps, {
  signIn: signInStore,
  invitationHours: () => intakeSettings().RELAIS_PERSON_INVITATION_HOURS,
});
