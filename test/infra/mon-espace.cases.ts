/**
 * « Mon espace » on AWS (issue 15, ADRs 0036, 0037, 0040): its real path `/mon-espace` is the SPA's
 * index.html with the SPA's own headers (never framed); she signs in through her own user pool
 * (custom challenge answered by intake), her routes take only that pool's tokens, and the
 * collector invokes each service's person-data function.
 */
import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config';
import { MON_ESPACE_PATH, Spa } from '../../infra/constructs/spa';
import { FRANCECONNECT_PROVIDER } from '../../infra/franceconnect';
import { deployedRoutes } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { PERSON_POOL_ACTIONS } from '../../services/intake/person-auth/cognito-person-tokens';
import { intakeService } from '../../services/intake/service';
import { platformService } from '../../services/platform/service';
import type { RouteDecl } from '../../shared/manifest/manifest';
import {
  type Json,
  STAGE,
  type Synthesised,
  actionsOf,
  fakeSpaBuild,
  flat,
  relaisFunctions,
  resourcesOf,
  resourcesOfStatement,
  statementsOfRole,
  synthRelais,
  synthRelaisShared,
} from './support';

let real: Synthesised;

beforeAll(() => {
  real = synthRelaisShared();
});

describe('Mon espace', () => {
  it('serves /mon-espace as index.html, with the SPA’s headers (frame-ancestors none)', () => {
    const dist = Object.values(resourcesOf(real.stateless, 'AWS::CloudFront::Distribution'))[0]!.Properties!.DistributionConfig;
    const behaviour = (dist.CacheBehaviors as Json[]).find((b) => b.PathPattern === MON_ESPACE_PATH)!;
    expect(behaviour).toMatchObject({
      TargetOriginId: dist.DefaultCacheBehavior.TargetOriginId,
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: dist.DefaultCacheBehavior.ResponseHeadersPolicyId,
    });
    const policies = resourcesOf(real.stateless, 'AWS::CloudFront::ResponseHeadersPolicy');
    const policy = policies[behaviour.ResponseHeadersPolicyId.Ref]!.Properties!.ResponseHeadersPolicyConfig;
    expect(flat(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    const functions = resourcesOf(real.stateless, 'AWS::CloudFront::Function');
    const [association] = behaviour.FunctionAssociations;
    expect(association.EventType).toBe('viewer-request');
    const code = functions[association.FunctionARN['Fn::GetAtt'][0]]!.Properties!.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (e: Json) => Json;
    expect(handler({ request: { uri: MON_ESPACE_PATH, headers: {}, querystring: {} } }).uri).toBe('/index.html');
  });

  it('deploys the person’s sign-in, her invitation and the collector’s routes (ADRs 0036, 0037, 0040)', () => {
    const ids = ['requestSignInCode', 'personToken', 'invitePerson'];
    const declared: readonly RouteDecl[] = intakeService.routes;
    for (const id of ids) expect(declared.find((r) => r.id === id)?.localOnly).toBeUndefined();
    const routes = Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Route')).map((r) => String(r.Properties!.RouteKey));
    for (const key of [
      'POST /api/me/person/code',
      'POST /api/me/person/token',
      'POST /api/persons/{id}/invitation',
      'GET /api/me/person',
      'GET /api/me/person/export',
      'GET /api/persons/{id}/export',
    ]) {
      expect(routes).toContain(key);
    }
  });
});

describe('the persons’ pool and its authorizer (ADR 0040)', () => {
  const authorizers = () => resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Authorizer');
  const personAuthorizerId = () => Object.entries(authorizers()).find(([, a]) => a.Properties!.Name === 'cognito-persons')![0];
  const staffAuthorizerId = () => Object.entries(authorizers()).find(([, a]) => a.Properties!.Name === 'cognito')![0];
  const pools = () => resourcesOf(real.stateful, 'AWS::Cognito::UserPool');
  const personPoolId = () => Object.entries(pools()).find(([, p]) => String(p.Properties!.UserPoolName).endsWith('-persons'))![0];

  it('is a retained, protected pool without self sign-up, with her immutable person id and the group « personne »', () => {
    const [id, pool] = Object.entries(pools()).find(([, p]) => p.Properties!.UserPoolName === `relais-${STAGE}-persons`)!;
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties).toMatchObject({
      DeletionProtection: 'ACTIVE',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: expect.arrayContaining([expect.objectContaining({ Name: 'personId', Mutable: false })]),
    });
    const triggers = pool.Properties!.LambdaConfig;
    expect(Object.keys(triggers).sort()).toEqual([
      'CreateAuthChallenge',
      'DefineAuthChallenge',
      'PreTokenGeneration',
      'VerifyAuthChallengeResponse',
    ]);
    const groups = Object.values(resourcesOf(real.stateful, 'AWS::Cognito::UserPoolGroup')).filter(
      (g) => g.Properties!.UserPoolId.Ref === id,
    );
    expect(groups.map((g) => [g.Properties!.GroupName, g.DeletionPolicy])).toEqual([['personne', 'Retain']]);
  });

  it('has one SPA client: no secret, the custom flow only, ID token 1 h, refresh at most a day', () => {
    const clients = Object.values(resourcesOf(real.stateless, 'AWS::Cognito::UserPoolClient')).filter(
      (c) => c.Properties!.ClientName === 'mon-espace',
    );
    expect(clients).toHaveLength(1);
    const client = clients[0]!.Properties!;
    expect(client.GenerateSecret).toBe(false);
    expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.AllowedOAuthFlowsUserPoolClient ?? false).toBe(false);
    const minutes = (value: number, unit: string) => value * ({ minutes: 1, hours: 60, days: 1440 } as Record<string, number>)[unit]!;
    expect(minutes(client.IdTokenValidity, client.TokenValidityUnits.IdToken)).toBe(60);
    expect(minutes(client.RefreshTokenValidity, client.TokenValidityUnits.RefreshToken)).toBeLessThanOrEqual(1440);
    expect(flat(client.UserPoolId)).toContain(personPoolId());
  });

  it('guards every route whose gate names « personne » with the persons’ authorizer, and no other route', () => {
    const personRoutes = new Set(
      SERVICES.flatMap((s) => deployedRoutes(s))
        .filter((r) => Array.isArray(r.access) && r.access.includes('personne'))
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(personRoutes.size).toBeGreaterThan(10);
    expect(personRoutes).toContain('GET /api/me/person');
    const persons = personAuthorizerId();
    const staff = staffAuthorizerId();
    const routes = Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    const byAuthorizer = (id: string) =>
      new Set(routes.filter((r) => r.AuthorizerId && flat(r.AuthorizerId).includes(id)).map((r) => String(r.RouteKey)));
    expect(byAuthorizer(persons)).toEqual(personRoutes);
    for (const key of personRoutes) expect(byAuthorizer(staff).has(key)).toBe(false);
    // The sign-in routes stay public (no token; only the origin check of ADR 0045).
    for (const key of ['POST /api/me/person/code', 'POST /api/me/person/token']) {
      expect(routes.find((r) => r.RouteKey === key)).toMatchObject({ AuthorizationType: 'CUSTOM' });
      expect(byAuthorizer(persons).has(key) || byAuthorizer(staff).has(key)).toBe(false);
    }
    const authorizer = authorizers()[persons]!.Properties!;
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(flat(authorizer.JwtConfiguration.Issuer)).toContain(personPoolId());
  });

  it('gives only intake’s sign-in functions the pool’s sign-in actions, on the persons’ pool alone', () => {
    const granted = [...relaisFunctions(real.stateless)]
      .filter(([, fn]) =>
        statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0]).some((st) =>
          actionsOf(st).includes('cognito-idp:AdminInitiateAuth'),
        ),
      )
      .map(([key]) => key);
    expect(granted.sort()).toEqual(['intake.personToken']);
    const fn = relaisFunctions(real.stateless).get('intake.personToken')!;
    const statement = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0]).find((st) => st.Sid === 'SignPersonsIn')!;
    expect([...actionsOf(statement)].sort()).toEqual([...PERSON_POOL_ACTIONS].sort());
    expect(flat(statement.Resource)).toContain(personPoolId());
    expect(fn.props.Environment.Variables).toMatchObject({
      RELAIS_PERSON_POOL_ID: expect.anything(),
      RELAIS_PERSON_POOL_CLIENT_ID: expect.anything(),
      RELAIS_PERSON_AUTH_SECRET_ARN: expect.anything(),
    });
  });

  it('has its Verify trigger read the proof secret, its Pre token trigger the identity links, and no trigger anything else', () => {
    const triggers = [...relaisFunctions(real.stateful)];
    expect(triggers.map(([key]) => key).sort()).toEqual([
      'intake.createAuthChallengeHandler',
      'intake.defineAuthChallengeHandler',
      'intake.preTokenGenerationHandler',
      'intake.verifyAuthChallengeHandler',
    ]);
    for (const [key, fn] of triggers) {
      const actions = statementsOfRole(real.stateful, fn.props.Role['Fn::GetAtt'][0]).flatMap(actionsOf);
      const secretReads = actions.filter((a) => a.startsWith('secretsmanager:'));
      expect([key, secretReads]).toEqual([key, key.startsWith('intake.verify') ? ['secretsmanager:GetSecretValue'] : []]);
      const tableActions = actions.filter((a) => a.startsWith('dynamodb:'));
      expect([key, tableActions]).toEqual([key, key === 'intake.preTokenGenerationHandler' ? ['dynamodb:GetItem'] : []]);
      expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
    }
  });

  it('wires the Pre token generation trigger, reading intake’s table with GetItem only, on the FC# entries only', () => {
    const [, pool] = Object.entries(pools()).find(([, p]) => p.Properties!.UserPoolName === `relais-${STAGE}-persons`)!;
    const fn = relaisFunctions(real.stateful).get('intake.preTokenGenerationHandler')!;
    expect(flat(pool.Properties!.LambdaConfig.PreTokenGeneration)).toBe(`<${fn.logicalId}.Arn>`);
    expect(fn.props.Handler).toBe('index.preTokenGenerationHandler');
    const tables = resourcesOf(real.stateful, 'AWS::DynamoDB::Table');
    const [intakeTable] = Object.entries(tables).find(([, t]) => t.Properties!.TableName === `relais-${STAGE}-intake-main`)!;
    expect(fn.props.Environment.Variables).toMatchObject({ RELAIS_TABLE_INTAKE_MAIN: `relais-${STAGE}-intake-main` });
    const statements = statementsOfRole(real.stateful, fn.props.Role['Fn::GetAtt'][0]);
    const onTables = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
    expect(onTables).toHaveLength(1);
    const [read] = onTables as [(typeof onTables)[number]];
    expect(actionsOf(read)).toEqual(['dynamodb:GetItem']);
    expect(resourcesOfStatement(read)).toEqual([`<${intakeTable}.Arn>`]);
    expect(read.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FC#*'] } });
    // Beyond the table: its key through DynamoDB only, and its own logs and traces.
    const others = statements.filter((st) => st !== read).flatMap(actionsOf);
    for (const action of others) expect(action).toMatch(/^(kms:(Decrypt|DescribeKey)|logs:|xray:)/);
    const key = statements.find((st) => actionsOf(st).includes('kms:Decrypt'))!;
    expect(flat(key.Resource)).toContain('DataKey');
    expect(JSON.stringify(key.Condition)).toContain('dynamodb.');
  });
});

describe('the collector on AWS (ADR 0040)', () => {
  it('has one person-data function per service that declares personData, invoked by the collector’s routes only', () => {
    const functions = relaisFunctions(real.stateless);
    const withData = SERVICES.filter((s) => s.personData).map((s) => s.name);
    expect(withData.length).toBeGreaterThanOrEqual(5);
    const names = withData.map((service) => `relais-${STAGE}-${service}-person-data`);
    for (const service of withData) {
      expect(functions.get(`${service}.person-data`)?.props.FunctionName).toBe(`relais-${STAGE}-${service}-person-data`);
    }
    const invokers = [...functions]
      .map(([key, fn]) => ({
        key,
        statement: statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0]).find((st) =>
          actionsOf(st).includes('lambda:InvokeFunction'),
        ),
        env: fn.props.Environment.Variables,
      }))
      .filter((f) => f.statement);
    expect(invokers.map((f) => f.key).sort()).toEqual(['platform.myExport', 'platform.myFile', 'platform.personExport']);
    for (const { statement, env } of invokers) {
      const resources = [statement!.Resource].flat().map(flat);
      expect(resources).toHaveLength(names.length);
      for (const name of names) expect(resources.some((r) => r.endsWith(`:function:${name}`))).toBe(true);
      expect(JSON.parse(env.RELAIS_PERSON_DATA_FUNCTIONS)).toEqual(
        Object.fromEntries(withData.map((service) => [service, `relais-${STAGE}-${service}-person-data`])),
      );
    }
  });

  it('gives a person-data function no route, and read-write on its own tables only', () => {
    const routes = Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Integration')).map((i) =>
      flat(i.Properties!.IntegrationUri),
    );
    const functions = relaisFunctions(real.stateless);
    const fn = functions.get('parcours.person-data')!;
    expect(routes.some((uri) => uri.includes(fn.logicalId))).toBe(false);
    const tables = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0])
      .filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:Query')))
      .flatMap((st) => [st.Resource].flat().map(flat));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table).toMatch(/table\/relais-test-(parcours-|platform-audit)/);
  });
});

describe('FranceConnect for mon espace, on the persons’ pool (ADRs 0036, 0040)', () => {
  const FRANCECONNECT = {
    issuer: 'https://fcp-low.integ01.dev-franceconnect.fr/api/v2',
    clientId: 'relais-test-fc',
    secretName: 'relais/test/franceconnect',
  };
  const providers = (template: Synthesised['stateless']) => Object.entries(resourcesOf(template, 'AWS::Cognito::UserPoolIdentityProvider'));
  const personClient = (template: Synthesised['stateless']) =>
    Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient')).find((c) => c.Properties!.ClientName === 'mon-espace')!;
  const personPoolIdOf = (synth: Synthesised) =>
    Object.entries(resourcesOf(synth.stateful, 'AWS::Cognito::UserPool')).find(([, p]) =>
      String(p.Properties!.UserPoolName).endsWith('-persons'),
    )![0];

  it('without relais:franceConnect: no provider and no domain on the persons’ pool, her client offers no hosted UI', () => {
    const pool = personPoolIdOf(real);
    const onPersons = (type: string) =>
      Object.values(resourcesOf(real.stateless, type)).filter((r) => flat(r.Properties!.UserPoolId).includes(pool));
    expect(onPersons('AWS::Cognito::UserPoolIdentityProvider')).toEqual([]);
    expect(onPersons('AWS::Cognito::UserPoolDomain')).toEqual([]);
    const client = personClient(real.stateless).Properties!;
    expect(client.AllowedOAuthFlows ?? []).toEqual([]);
    // No OAuth flow at all (disableOAuth): Cognito's own default name only, never a federated provider.
    expect(client.AllowedOAuthFlowsUserPoolClient ?? false).toBe(false);
    expect((client.SupportedIdentityProviders ?? []).filter((p: unknown) => p !== 'COGNITO')).toEqual([]);
  });

  it('with it: one OIDC provider (issuer, secret by reference, scopes, `sub` as her user id), the code flow back to /mon-espace', () => {
    const synth = synthRelais({ services: [intakeService, platformService], context: { 'relais:franceConnect': { test: FRANCECONNECT } } });
    const pool = personPoolIdOf(synth);
    const all = providers(synth.stateless);
    expect(all).toHaveLength(1);
    const [providerId, provider] = all[0]!;
    expect(flat(provider.Properties!.UserPoolId)).toContain(pool);
    expect(provider.Properties).toMatchObject({
      ProviderName: FRANCECONNECT_PROVIDER,
      ProviderType: 'OIDC',
      AttributeMapping: { username: 'sub' },
    });
    // Nothing of her identity is copied into the pool: `sub` only.
    expect(Object.keys(provider.Properties!.AttributeMapping)).toEqual(['username']);
    const details = provider.Properties!.ProviderDetails;
    expect(details).toMatchObject({
      client_id: 'relais-test-fc',
      oidc_issuer: FRANCECONNECT.issuer,
      authorize_scopes: 'openid given_name family_name birthdate',
    });
    expect(JSON.stringify(details.client_secret)).toContain('{{resolve:secretsmanager:relais/test/franceconnect:SecretString:::}}');
    const domains = Object.values(resourcesOf(synth.stateless, 'AWS::Cognito::UserPoolDomain')).filter((d) =>
      flat(d.Properties!.UserPoolId).includes(pool),
    );
    expect(domains.map((d) => d.Properties!.Domain)).toEqual([`relais-${STAGE}-personnes`]);
    const client = personClient(synth.stateless);
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: [{ Ref: providerId }],
      GenerateSecret: false,
    });
    const [callback] = client.Properties!.CallbackURLs as [unknown];
    expect(flat(callback)).toMatch(/^https:\/\/.*\/mon-espace$/);
    expect(client.DependsOn ?? []).toEqual(expect.arrayContaining([providerId]));
    // The stage without FranceConnect keeps none.
    const other = synthRelais({
      services: [intakeService, platformService],
      context: { 'relais:franceConnect': { production: FRANCECONNECT } },
    });
    expect(providers(other.stateless)).toHaveLength(0);
  });

  it('gives the SPA `personCognito` in /config.json (and the persons’ domain in its CSP) only with relais:franceConnect', () => {
    const deploy = jest.spyOn(Spa.prototype, 'deploy');
    const cspOf = (synth: Synthesised) =>
      Object.values(resourcesOf(synth.stateless, 'AWS::CloudFront::ResponseHeadersPolicy')).map((p) =>
        flat(p.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy),
      );
    const personsDomain = `https://relais-${STAGE}-personnes.auth.eu-west-1.amazoncognito.com`;
    try {
      const context = { 'relais:franceConnect': { test: FRANCECONNECT } };
      const withFc = synthRelais({ services: [intakeService, platformService], spaAssetsDir: fakeSpaBuild(), context });
      const config = withFc.stage.stateless.resolve(deploy.mock.calls[0]![0]) as Record<string, Json>;
      const client = Object.entries(resourcesOf(withFc.stateless, 'AWS::Cognito::UserPoolClient')).find(
        ([, c]) => c.Properties!.ClientName === 'mon-espace',
      )!;
      expect(Object.keys(config.personCognito).sort()).toEqual(['clientId', 'domain', 'redirectUri']);
      expect(config.personCognito.domain).toBe(personsDomain);
      expect(flat(config.personCognito.clientId)).toBe(`<${client[0]}>`);
      // Exactly the client's callback URL: Cognito refuses any other redirect_uri.
      expect(flat(config.personCognito.redirectUri)).toBe(flat(client[1].Properties!.CallbackURLs[0]));
      expect(flat(config.personCognito.redirectUri)).toMatch(/^https:\/\/.*\/mon-espace$/);
      for (const csp of cspOf(withFc)) expect(csp).toMatch(new RegExp(`connect-src [^;]*${personsDomain.replace(/\./g, '\\.')}`));

      deploy.mockClear();
      const without = synthRelais({ services: [intakeService, platformService], spaAssetsDir: fakeSpaBuild() });
      const plain = without.stage.stateless.resolve(deploy.mock.calls[0]![0]) as Record<string, Json>;
      expect(plain).not.toHaveProperty('personCognito');
      expect(plain.authDomain).toBeDefined();
      for (const csp of cspOf(without)) expect(csp).not.toContain('personnes');
    } finally {
      deploy.mockRestore();
    }
  });

  it('a malformed configuration fails the synth in French, naming what to correct', () => {
    const read = (value: unknown) => readConfig(new App({ context: { 'relais:stages': ['test'], 'relais:franceConnect': value } }).node);
    expect(() => read({ issuer: 'http://franceconnect.example', clientId: ' ', secretName: 'a secret' })).toThrow(
      /relais:franceConnect \(test\) : à corriger : issuer \(une adresse https\), clientId, secretName/,
    );
    expect(() => read('{ issuer:')).toThrow(/relais:franceConnect : JSON illisible/);
    expect(() => read({ test: 'https://x' })).toThrow(/relais:franceConnect \(test\) : attendu/);
    expect(read(JSON.stringify(FRANCECONNECT)).stages[0]!.franceConnect).toEqual(FRANCECONNECT);
    expect(read(undefined).stages[0]!.franceConnect).toBeUndefined();
  });
});
