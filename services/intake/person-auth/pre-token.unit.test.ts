/**
 * The persons' pool's Pre token generation trigger (ADR 0040, « FranceConnect »): a FranceConnect
 * user linked by a professional gets her person id and the group `personne` (the claims the
 * custom flow gives, read by the kernel); not linked, the group and no person id; the user intake
 * signs in (code, invitation) is left unchanged. One lookup of `FC#<sub>`, never by name.
 */
import { FRANCECONNECT_PROVIDER } from '../../../infra/franceconnect';
import { actorFromClaims } from '../../../shared/auth/actor';
import { PERSON_GROUP } from './cognito-person-tokens';
import {
  type ClaimsOverrideDetails,
  FRANCECONNECT_PROVIDER_NAME,
  PERSON_ID_CLAIM,
  PERSON_ROLE,
  type PreTokenEvent,
  preTokenGeneration,
} from './pre-token';

const SUB = 'b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1';
const LINKS = new Map([[SUB, 'P-LINKED']]);

function lookups() {
  const asked: string[] = [];
  const personOf = async (sub: string) => {
    asked.push(sub);
    return LINKS.get(sub);
  };
  return { asked, personOf };
}

const federated = (sub: string, extra: Record<string, string> = {}): PreTokenEvent => ({
  triggerSource: 'TokenGeneration_HostedAuth',
  userName: `FranceConnect_${sub}`,
  request: {
    userAttributes: {
      sub: '5f2a0c4e-cognito-own-sub',
      identities: JSON.stringify([
        { userId: sub, providerName: 'FranceConnect', providerType: 'OIDC', issuer: null, primary: true, dateCreated: 1765000000000 },
      ]),
      ...extra,
    },
  },
  response: {},
});

/** The ID token's claims as Cognito would write them from the override (the kernel reads these). */
function tokenClaims(base: Record<string, unknown>, override: ClaimsOverrideDetails | null | undefined): Record<string, unknown> {
  const claims: Record<string, unknown> = { ...base, ...(override?.claimsToAddOrOverride ?? {}) };
  for (const name of override?.claimsToSuppress ?? []) delete claims[name];
  if (override?.groupOverrideDetails) claims['cognito:groups'] = override.groupOverrideDetails.groupsToOverride;
  return claims;
}

describe('the Pre token generation trigger of the persons’ pool', () => {
  it('names the provider and the role as the pool and the custom flow do', () => {
    expect(FRANCECONNECT_PROVIDER_NAME).toBe(FRANCECONNECT_PROVIDER);
    expect(PERSON_ROLE).toBe(PERSON_GROUP);
  });

  it('gives a linked FranceConnect user her person id and the group personne, from one lookup of her sub', async () => {
    const { asked, personOf } = lookups();
    const event = await preTokenGeneration(federated(SUB), personOf);
    expect(asked).toEqual([SUB]);
    expect(event.response.claimsOverrideDetails).toEqual({
      claimsToAddOrOverride: { [PERSON_ID_CLAIM]: 'P-LINKED' },
      groupOverrideDetails: { groupsToOverride: ['personne'] },
    });
    const actor = actorFromClaims(tokenClaims({ sub: '5f2a0c4e-cognito-own-sub' }, event.response.claimsOverrideDetails));
    expect(actor).toMatchObject({ roles: ['personne'], personId: 'P-LINKED', organisationId: null });
  });

  it('also on a refresh, and from her user name when Cognito sends no identities attribute', async () => {
    const { personOf } = lookups();
    const refresh = { ...federated(SUB), triggerSource: 'TokenGeneration_RefreshTokens', request: { userAttributes: {} } };
    const event = await preTokenGeneration(refresh, personOf);
    expect(event.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({ [PERSON_ID_CLAIM]: 'P-LINKED' });
  });

  it('gives a FranceConnect user nobody linked the group and no person id, even one slipped into the pool', async () => {
    const { asked, personOf } = lookups();
    const event = await preTokenGeneration(federated('not-linked-sub', { [PERSON_ID_CLAIM]: 'P-LINKED' }), personOf);
    expect(asked).toEqual(['not-linked-sub']);
    expect(event.response.claimsOverrideDetails).toEqual({
      claimsToSuppress: [PERSON_ID_CLAIM],
      groupOverrideDetails: { groupsToOverride: ['personne'] },
    });
    const claims = tokenClaims({ sub: 'x', [PERSON_ID_CLAIM]: 'P-LINKED' }, event.response.claimsOverrideDetails);
    expect(actorFromClaims(claims)).toMatchObject({ roles: ['personne'], personId: null });
  });

  it('looks nothing up and gives no person id for a federated user whose FranceConnect sub cannot be read', async () => {
    const { asked, personOf } = lookups();
    const unreadable: PreTokenEvent = {
      userName: 'FranceConnect_',
      request: { userAttributes: { identities: '{not json' } },
      response: {},
    };
    const event = await preTokenGeneration(unreadable, personOf);
    expect(asked).toEqual([]);
    expect(event.response.claimsOverrideDetails).toEqual({
      claimsToSuppress: [PERSON_ID_CLAIM],
      groupOverrideDetails: { groupsToOverride: ['personne'] },
    });
  });

  it('leaves the user intake signs in (custom flow, username = her person id) unchanged, without a lookup', async () => {
    const { asked, personOf } = lookups();
    const own: PreTokenEvent = {
      triggerSource: 'TokenGeneration_Authentication',
      userName: 'P-CODE',
      request: { userAttributes: { sub: 'c0ffee', [PERSON_ID_CLAIM]: 'P-CODE' } },
      response: {},
    };
    const event = await preTokenGeneration(own, personOf);
    expect(asked).toEqual([]);
    expect(event.response).toEqual({});
  });
});
