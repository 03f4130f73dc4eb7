/**
 * Which action each HTTP route performs (ADR 0015), and the check that every manifest route has
 * one whose gate is the `access` the manifest declares. services/index.ts runs that check whenever
 * the services are assembled (`cdk synth`, `npm start`, the tests), so a deployed route's
 * `access` is its action's gate: the route kernel (shared/http/route-core.ts) checks the
 * manifest's `access` and no function carries this table of every route (ADR 0052).
 */
import type { Access } from '../manifest/manifest';
import { ACTIONS, type ActionId } from './policy';

/** Every HTTP route of every service, by `service.routeId`, and the action it performs. */
export const ROUTE_ACTIONS: Record<string, ActionId> = {
  'platform.health': 'platform.public',
  'platform.me': 'platform.me',
  'platform.openapi': 'platform.public',
  'platform.devUsers': 'dev.signIn',
  'platform.devToken': 'dev.signIn',
  'platform.devOutbox': 'dev.outbox',
  'platform.devProConnect': 'dev.signIn',
  'platform.pendingAccounts': 'accounts.read',
  'platform.assignAccount': 'accounts.assign',
  'platform.listAudit': 'audit.read',
  'platform.verifyAudit': 'audit.read',
  'parcours.myParcours': 'me.parcours',
  'parcours.proposeGoal': 'me.parcours',
  'parcours.markActionDone': 'me.parcours',
  'parcours.addPersonView': 'me.parcours',
  'parcours.askReferent': 'me.parcours',
  'parcours.listPersonRequests': 'parcours.contribute',
  'parcours.answerPersonRequest': 'parcours.manage',
  'parcours.listReferentRequests': 'parcours.referentRequests',
  'surveys.mySurvey': 'me.survey',
  'surveys.answerMySurvey': 'me.survey',
  'surveys.stopMySurveys': 'me.survey',
  'intake.myDetails': 'me.details',
  'intake.patchMyDetails': 'me.details',
  'intake.listIdentityRequests': 'person.identityRequests',
  'intake.validateIdentityRequest': 'person.correct',
  'intake.rejectIdentityRequest': 'person.correct',
  'platform.myReads': 'me.reads',
  'platform.flagRead': 'me.reads',
  'platform.listReadFlags': 'audit.flags',
  'platform.handleReadFlag': 'audit.flags',
  'platform.myFile': 'personSpace.file',
  'platform.myExport': 'personSpace.file',
  'platform.personExport': 'person.export',

  'intake.correctPerson': 'person.correct',
  'intake.correctReception': 'reception.correct',
  'intake.cancelReception': 'reception.correct',

  'directory.listOrganisations': 'directory.read',
  'directory.createOrganisation': 'directory.governance',
  'directory.getOrganisation': 'directory.read',
  'directory.patchOrganisation': 'directory.edit',
  'directory.listSites': 'directory.read',
  'directory.createSite': 'directory.edit',
  'directory.nearestSites': 'directory.read',
  'directory.getSite': 'directory.read',
  'directory.patchSite': 'directory.edit',
  'directory.approveSite': 'directory.moderate',
  'directory.rejectSite': 'directory.moderate',
  'directory.getOrganisationSites': 'directory.read',
  'directory.listServices': 'directory.read',
  'directory.createService': 'directory.edit',
  'directory.getService': 'directory.read',
  'directory.patchService': 'directory.edit',
  'directory.listNetworkEvents': 'directory.read',
  'directory.createNetworkEvent': 'directory.coordinate',
  'directory.networkReach': 'directory.read',
  'directory.getNetworkEvent': 'directory.read',
  'directory.getCoverage': 'directory.coordinate',
  'directory.refreshCoverage': 'directory.coordinate',
  'directory.communeOutlines': 'directory.read',
  'directory.exportDirectory': 'directory.coordinate',
  'directory.importDirectory': 'directory.coordinate',
  'directory.listReviewCampaigns': 'directory.campaign',
  'directory.createReviewCampaign': 'directory.campaign',
  'directory.listFlaggedEntries': 'directory.campaign',
  'directory.publicSites': 'platform.public',
  'directory.publicNearest': 'platform.public',
  'directory.publicCommunes': 'platform.public',
  'directory.publicBasemap': 'platform.public',
  'directory.getReviewLink': 'reviewLink.use',
  'directory.confirmReviewLink': 'reviewLink.use',
  'directory.correctReviewSite': 'reviewLink.use',

  // The webhook secret moved with the notifier (ADR 0020); editing it is editing the organisation.
  'notifications.rotateWebhookSecret': 'directory.edit',

  'intake.createPerson': 'person.record',
  'intake.searchPersons': 'person.record',
  'intake.personHistory': 'person.read',
  'intake.changeConsents': 'person.consents',
  'intake.recordReception': 'person.record',
  'intake.listReceptions': 'referral.list',
  'intake.sendReferral': 'referral.send',
  'intake.listReferrals': 'referral.list',
  'intake.getReferral': 'referral.read',
  'intake.acceptReferral': 'referral.respond',
  'intake.declineReferral': 'referral.respond',
  'intake.closeReferral': 'referral.respond',
  'intake.reviewReferral': 'referral.respond',
  'intake.withdrawReferral': 'referral.withdraw',
  'intake.resendReferralLink': 'referral.withdraw',
  'intake.organisationReachability': 'referral.reachability',
  'intake.referralsAtRisk': 'referral.watch',
  'intake.grantExceptionalAccess': 'person.exceptionalAccess',
  'intake.changeMyConsents': 'personSpace.file',
  'intake.listExceptionalAccesses': 'audit.read',
  'intake.readReferralLink': 'referralLink.use',
  'intake.acceptReferralLink': 'referralLink.use',
  'intake.declineReferralLink': 'referralLink.use',
  'intake.reviewReferralLink': 'referralLink.use',
  'intake.closeReferralLink': 'referralLink.use',
  'intake.requestSignInCode': 'person.signIn',
  'intake.personToken': 'person.signIn',
  'intake.invitePerson': 'person.invite',
  'intake.linkIdentity': 'person.identityLink',
  'intake.unlinkIdentity': 'person.identityLink',

  'parcours.openParcours': 'parcours.open',
  'parcours.listParcours': 'parcours.list',
  'parcours.getParcours': 'parcours.contribute',
  'parcours.addMember': 'parcours.manage',
  'parcours.removeMember': 'parcours.manage',
  'parcours.deleteMember': 'parcours.manage',
  'parcours.changeReferent': 'parcours.takeOver',
  'parcours.addGoal': 'parcours.contribute',
  'parcours.addAction': 'parcours.contribute',
  'parcours.updateAction': 'parcours.contribute',
  'parcours.recordMeeting': 'parcours.contribute',
  'parcours.addJournalEntry': 'parcours.contribute',
  'parcours.suspendParcours': 'parcours.manage',
  'parcours.resumeParcours': 'parcours.manage',
  'parcours.closeParcours': 'parcours.manage',
  'parcours.addMyComment': 'personSpace.file',
  'parcours.setJournalVisibility': 'parcours.contribute',
  'parcours.listTerritories': 'directory.read',
  'parcours.createTerritory': 'directory.coordinate',
  'parcours.patchTerritory': 'directory.coordinate',

  'surveys.surveyResults': 'surveys.results',
  'surveys.measuringOrganisations': 'indicators.read',
  'surveys.smsInbound': 'sms.inbound',
  'surveys.readSurveyLink': 'surveyLink.use',
  'surveys.answerSurveyLink': 'surveyLink.use',
  'surveys.stopSurveyLink': 'surveyLink.use',

  'appointments.getAvailability': 'appointments.slots',
  'appointments.putAvailability': 'appointments.availability',
  'appointments.listSlots': 'appointments.slots',
  'appointments.bookAppointment': 'appointments.book',
  'appointments.cancelAppointment': 'appointments.cancel',
  'appointments.honouredAppointment': 'appointments.outcome',
  'appointments.missedAppointment': 'appointments.outcome',
  'appointments.appointmentIcs': 'appointments.read',
  'appointments.issueBookingLink': 'appointments.bookingLink',
  'appointments.readBookingLink': 'bookingLink.use',
  'appointments.bookWithLink': 'bookingLink.use',
  'appointments.readAppointmentLink': 'appointmentLink.use',
  'appointments.cancelWithLink': 'appointmentLink.use',
  'appointments.moveWithLink': 'appointmentLink.use',
  'appointments.siteAgenda': 'appointments.agenda',

  'indicators.getIndicators': 'indicators.read',
  'indicators.exportIndicators': 'indicators.read',
};

/** The action a route performs; a route the policy does not know is a programming error. */
export function routeAction(service: string, routeId: string): ActionId {
  const id = ROUTE_ACTIONS[`${service}.${routeId}`];
  if (!id) throw new Error(`Authorisation policy: no action for route ${service}.${routeId} (shared/auth/route-actions.ts)`);
  return id;
}

/** The role gate of a route, from the policy. */
export function routeGate(service: string, routeId: string): Access {
  return ACTIONS[routeAction(service, routeId)].gate;
}

function sameAccess(a: Access, b: Access): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((r) => b.includes(r));
}

/**
 * Every route has an action, and the `access` a manifest declares (which CDK reads to put the
 * JWT authorizer on a route) is the policy's gate: checked when the services are assembled,
 * so a drift stops `npm start`, `cdk synth` and the tests at once.
 */
export function assertPolicyCovers(services: readonly { name: string; routes: readonly { id: string; access: Access }[] }[]): void {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const service of services) {
    for (const route of service.routes) {
      const key = `${service.name}.${route.id}`;
      known.add(key);
      const id = ROUTE_ACTIONS[key];
      if (!id) problems.push(`${key}: no action`);
      else if (!sameAccess(route.access, ACTIONS[id].gate)) {
        problems.push(`${key}: manifest access ${JSON.stringify(route.access)} ≠ policy gate ${JSON.stringify(ACTIONS[id].gate)}`);
      }
    }
  }
  for (const key of Object.keys(ROUTE_ACTIONS)) if (!known.has(key)) problems.push(`${key}: no such route`);
  if (problems.length)
    throw new Error(`Authorisation policy (shared/auth/route-actions.ts) and manifests disagree:\n${problems.join('\n')}`);
}
