/**
 * ProConnect on the staff user pool, per stage (issue 18, point 7; ADR 0041): configured → one
 * OIDC provider with ProConnect's issuer, client, the secret by dynamic reference (never its
 * value), the scopes and the attribute mapping, offered by the SPA's client beside e-mail and
 * password; absent → no provider; malformed → the synth fails naming the key.
 */
import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config';
import { STAFF_ACCOUNTS_READ_ACTIONS, STAFF_ACCOUNTS_WRITE_ACTIONS } from '../../infra/least-privilege';
import { PROCONNECT_PROVIDER } from '../../infra/proconnect';
import { type Json, actionsOf, relaisFunctions, resourcesOf, statementsOfRole, synthRelais, synthRelaisShared } from './support';

const PROCONNECT = {
  issuer: 'https://fca.integ01.dev-agentconnect.fr/api/v2',
  clientId: 'relais-test-client',
  secretName: 'relais/test/proconnect',
};

const providers = (template: ReturnType<typeof synthRelais>['stateless']) =>
  Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolIdentityProvider'));
const spaClient = (template: ReturnType<typeof synthRelais>['stateless']) =>
  Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient')).find((c) => c.Properties!.ClientName === 'spa')!;

describe('ProConnect on the staff pool', () => {
  it('configured for the stage: one OIDC provider, its secret by reference, its scopes and mapping, offered by the SPA client', () => {
    const synth = synthRelais({ services: [], context: { 'relais:proConnect': { test: PROCONNECT } } });
    const [provider] = providers(synth.stateless) as [Json];
    expect(providers(synth.stateless)).toHaveLength(1);
    expect(providers(synth.stateful)).toHaveLength(0);
    expect(provider.Properties).toMatchObject({
      ProviderName: PROCONNECT_PROVIDER,
      ProviderType: 'OIDC',
      AttributeMapping: {
        email: 'email',
        given_name: 'given_name',
        family_name: 'usual_name',
        name: 'usual_name',
        'custom:siret': 'siret',
      },
    });
    const details = provider.Properties!.ProviderDetails;
    expect(details).toMatchObject({
      client_id: 'relais-test-client',
      oidc_issuer: PROCONNECT.issuer,
      authorize_scopes: 'openid email given_name usual_name siret',
    });
    // The secret is resolved by CloudFormation at deploy: the template holds its reference only.
    expect(JSON.stringify(details.client_secret)).toContain('{{resolve:secretsmanager:relais/test/proconnect:SecretString:::}}');
    const client = spaClient(synth.stateless);
    // The provider's Ref is its name: the client waits for it and names it.
    const [providerId] = Object.keys(resourcesOf(synth.stateless, 'AWS::Cognito::UserPoolIdentityProvider')) as [string];
    expect(client.Properties!.SupportedIdentityProviders).toEqual(['COGNITO', { Ref: providerId }]);
    expect(client.Properties!.WriteAttributes).toEqual(
      expect.arrayContaining(['given_name', 'family_name', 'email', 'name', 'custom:siret']),
    );
    expect(client.Properties!.WriteAttributes).not.toEqual(expect.arrayContaining(['custom:organisationId']));
    expect(client.DependsOn ?? []).toEqual(expect.arrayContaining([providerId]));
  });

  it('absent for the stage: no provider, the SPA client offers e-mail and password only', () => {
    const synth = synthRelais({ services: [], context: { 'relais:proConnect': { production: PROCONNECT } } });
    expect(providers(synth.stateless)).toHaveLength(0);
    expect(spaClient(synth.stateless).Properties!.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(spaClient(synth.stateless).Properties!.WriteAttributes).not.toContain('custom:siret');
  });

  it('keeps the SIRET on the staff pool (stateful): custom:siret, a mutable string of at most 14 characters, read by the SPA client', () => {
    const synth = synthRelais({ services: [], context: { 'relais:proConnect': { test: PROCONNECT } } });
    const pools = Object.values(resourcesOf(synth.stateful, 'AWS::Cognito::UserPool')).filter(
      (p) => p.Properties!.UserPoolName === 'relais-test',
    );
    expect(pools).toHaveLength(1);
    expect(pools[0]!.Properties!.Schema).toEqual(
      expect.arrayContaining([
        { Name: 'siret', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '14' } },
      ]),
    );
    expect(spaClient(synth.stateless).Properties!.ReadAttributes).toContain('custom:siret');
  });

  it('gives the staff pool’s actions to the accounts routes alone: the pending list reads, the assignment also writes group and organisation', () => {
    // The whole application (shared with the other cases of the group): every function's grants.
    const synth = synthRelaisShared();
    const staffActions = new Map(
      [...relaisFunctions(synth.stateless)].map(([key, fn]) => [
        key,
        statementsOfRole(synth.stateless, fn.props.Role['Fn::GetAtt'][0])
          .filter((st) => st.Sid === 'ManageStaffAccounts')
          .flatMap((st) => [...actionsOf(st)])
          .sort(),
      ]),
    );
    const granted = [...staffActions].filter(([, actions]) => actions.length > 0).map(([key]) => key);
    expect(granted.sort()).toEqual(['platform.assignAccount', 'platform.pendingAccounts']);
    expect(staffActions.get('platform.pendingAccounts')).toEqual([...STAFF_ACCOUNTS_READ_ACTIONS].sort());
    expect(staffActions.get('platform.assignAccount')).toEqual([...STAFF_ACCOUNTS_READ_ACTIONS, ...STAFF_ACCOUNTS_WRITE_ACTIONS].sort());
    const fn = relaisFunctions(synth.stateless).get('platform.assignAccount')!;
    expect(fn.props.Environment.Variables.RELAIS_USER_POOL_ID).toBeDefined();
  });

  it('a malformed configuration fails the synth, naming what to correct', () => {
    const read = (value: unknown) => readConfig(new App({ context: { 'relais:stages': ['test'], 'relais:proConnect': value } }).node);
    expect(() => read({ issuer: 'http://proconnect.example', clientId: '', secretName: 'x' })).toThrow(
      /relais:proConnect \(test\) : à corriger : issuer \(une adresse https\), clientId/,
    );
    expect(read(JSON.stringify(PROCONNECT)).stages[0]!.proConnect).toEqual(PROCONNECT);
    expect(read(undefined).stages[0]!.proConnect).toBeUndefined();
  });
});
