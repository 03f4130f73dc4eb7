/**
 * Issue 18 points 3 and 5 (last gaps) and issue 16 point 8's AWS wiring (ADR 0045), read on the
 * synthesised templates: the public routes cannot be reached around CloudFront and its web ACL;
 * the SMS spend of AWS End User Messaging SMS raises an alarm; the data·inclusion pull is
 * configured per stage, its token readable by the pull function alone.
 */
import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config';
import { ORIGIN_CHECK_CACHE } from '../../infra/constructs/origin-check';
import { ORIGIN_HEADER, ORIGIN_SECRET_ARN_ENV } from '../../infra/functions/origin-check';
import { SMS_VOICE_SPEND_METRIC } from '../../infra/operations';
import { deployedRoutes } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { directoryService } from '../../services/directory/service';
import { platformService } from '../../services/platform/service';
import { surveysService } from '../../services/surveys/service';
import {
  type Json,
  STAGE,
  type Synthesised,
  actionsOf,
  flat,
  relaisFunctions,
  resourcesOf,
  statementsOfRole,
  synthRelais,
  synthRelaisShared,
} from './support';

const DATA_INCLUSION = { apiUrl: 'https://api.data.inclusion.beta.gouv.fr/', tokenSecretName: 'relais/test/data-inclusion' };

let real: Synthesised;
let configured: Synthesised;
beforeAll(() => {
  real = synthRelaisShared();
  // A smaller app (the pull's service, the surveys' SMS, the platform's audit table) with the stage settings under test.
  configured = synthRelais({
    services: [platformService, directoryService, surveysService],
    context: { 'relais:smsSpendAlarmUsd': 42, 'relais:dataInclusion': { [STAGE]: DATA_INCLUSION } },
  });
});

const byType = (synth: Synthesised, type: string) => Object.entries(resourcesOf(synth.stateless, type));

describe('the public API cannot be reached around CloudFront and its web ACL (ADR 0045)', () => {
  const originCheck = () => {
    const found = byType(real, 'AWS::ApiGatewayV2::Authorizer').filter(([, a]) => a.Properties!.Name === 'origin-check');
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('puts every public route, and no other, behind the origin check; no route of the API is open', () => {
    const [authorizerId] = originCheck();
    const publicKeys = new Set(
      SERVICES.flatMap(deployedRoutes)
        .filter((r) => r.access === 'public')
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(publicKeys).toContain('GET /api/public/sites/nearest');
    const routes = byType(real, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
    expect(routes.filter((r) => r.AuthorizationType === 'NONE').map((r) => r.RouteKey)).toEqual([]);
    const checked = routes.filter((r) => flat(r.AuthorizerId) === `<${authorizerId}>`).map((r) => r.RouteKey);
    expect(new Set(checked)).toEqual(publicKeys);
    for (const r of routes.filter((route) => publicKeys.has(route.RouteKey))) expect(r.AuthorizationType).toBe('CUSTOM');
  });

  it('requires the origin header as the authorizer’s identity source: without it, API Gateway refuses before any function runs', () => {
    const [, authorizer] = originCheck();
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: [`$request.header.${ORIGIN_HEADER}`],
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: ORIGIN_CHECK_CACHE.toSeconds(),
    });
    // The authorizer's function reads the stateful stack's origin secret by ARN, and only it.
    const uri = flat(authorizer.Properties!.AuthorizerUri);
    const [fnId] = byType(real, 'AWS::Lambda::Function').find(([id]) => uri.includes(`<${id}.Arn>`))!;
    const fn = resourcesOf(real.stateless, 'AWS::Lambda::Function')[fnId]!.Properties!;
    expect(fn.FunctionName).toBe(`relais-${STAGE}-origin-check`);
    const secretArn = flat(fn.Environment.Variables[ORIGIN_SECRET_ARN_ENV]);
    const [secretId] = Object.entries(resourcesOf(real.stateful, 'AWS::SecretsManager::Secret')).find(([id]) =>
      secretArn.includes(`ExportsOutputRef${id}`),
    )!;
    expect(secretId).toMatch(/^OriginSecret/);
    const statements = statementsOfRole(real.stateless, fn.Role['Fn::GetAtt'][0]);
    const reads = statements.filter((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'));
    expect(reads.map((st) => flat(st.Resource))).toEqual([secretArn]);
    // Nothing else but its logs, its traces and the secret's key.
    const actions = new Set(statements.flatMap(actionsOf));
    expect([...actions].filter((a) => !/^(logs|xray):/.test(a)).sort()).toEqual(['kms:Decrypt', 'secretsmanager:GetSecretValue']);
  });

  it('keeps the origin secret in the stateful stack, retained, encrypted, generated (no value in any template)', () => {
    const [id, secret] = Object.entries(resourcesOf(real.stateful, 'AWS::SecretsManager::Secret')).find(([key]) =>
      key.startsWith('OriginSecret'),
    )!;
    expect([id, secret.DeletionPolicy, secret.UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
    expect(secret.Properties).toMatchObject({ KmsKeyId: expect.anything(), GenerateSecretString: { PasswordLength: 64 } });
    expect(secret.Properties!.SecretString).toBeUndefined();
  });

  it('has the distribution send the origin header to the API as a dynamic reference to that secret, on both API behaviours', () => {
    const [, distribution] = byType(real, 'AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties!.DistributionConfig;
    const behaviours = config.CacheBehaviors as Json[];
    const apiOrigins = new Set(behaviours.filter((b) => String(b.PathPattern).startsWith('/api/')).map((b) => b.TargetOriginId));
    expect(apiOrigins.size).toBe(1);
    const origin = (config.Origins as Json[]).find((o) => apiOrigins.has(o.Id))!;
    expect(flat(origin.DomainName)).toContain('execute-api');
    const headers = origin.OriginCustomHeaders as Json[];
    expect(headers.map((h) => h.HeaderName)).toEqual([ORIGIN_HEADER]);
    const value = flat(headers[0].HeaderValue);
    const [secretId] = Object.keys(resourcesOf(real.stateful, 'AWS::SecretsManager::Secret')).filter((k) => k.startsWith('OriginSecret'));
    expect(value).toMatch(new RegExp(`^\\{\\{resolve:secretsmanager:<import:[\\w-]+:ExportsOutputRef${secretId}\\w*>:SecretString:::\\}\\}$`));
    // The web ACL (rate rules) stays on the distribution: the only way in now goes through it.
    expect(flat(config.WebACLId)).toMatch(/WebAcl/);
  });
});

describe('the SMS spend of AWS End User Messaging SMS raises an alarm (ADR 0045)', () => {
  const alarmTopic = (synth: Synthesised) =>
    byType(synth, 'AWS::SNS::Topic').find(([, t]) => t.Properties!.TopicName === `relais-${STAGE}-alarms`)![0];

  it('watches AWS/SMSVoice TextMessageMonthlySpend against relais:smsSpendAlarmUsd, to the alarm topic', () => {
    const alarms = byType(configured, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const spend = alarms.filter((a) => a.Namespace === 'AWS/SMSVoice');
    expect(SMS_VOICE_SPEND_METRIC).toEqual({ namespace: 'AWS/SMSVoice', metricName: 'TextMessageMonthlySpend' });
    expect(spend).toHaveLength(1);
    expect(spend[0]).toMatchObject({
      MetricName: 'TextMessageMonthlySpend',
      Statistic: 'Maximum',
      Threshold: 42,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: alarmTopic(configured) }],
    });
    expect(spend[0]!.Dimensions).toBeUndefined();
    // The notices' SNS spend keeps its own alarm, at the same threshold.
    expect(alarms.find((a) => a.MetricName === 'SMSMonthToDateSpentUSD')).toMatchObject({ Namespace: 'AWS/SNS', Threshold: 42 });
    // The default threshold without the setting.
    const defaults = byType(real, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    expect(defaults.find((a) => a.Namespace === 'AWS/SMSVoice')).toMatchObject({ Threshold: 100 });
  });

  it('shows it on the stage’s dashboard', () => {
    const [, dashboard] = byType(configured, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = flat(dashboard.Properties!.DashboardBody);
    expect(body).toContain('"AWS/SMSVoice","TextMessageMonthlySpend"');
    expect(body).toContain('SMS (End User Messaging, enquêtes) : dépense du mois (USD)');
  });

  it('has no SMS spend alarm on a stage whose services send no SMS', () => {
    const quiet = synthRelais({ services: [platformService, directoryService] });
    const alarms = Object.values(resourcesOf(quiet.stateless, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    expect(alarms.filter((a) => a.Namespace === 'AWS/SMSVoice' || a.Namespace === 'AWS/SNS')).toEqual([]);
  });
});

describe('the data·inclusion pull on AWS (ADR 0045, ADR 0044)', () => {
  const pull = (synth: Synthesised) => relaisFunctions(synth.stateless).get('directory.dataInclusionPull')!;

  it('passes the stage’s API address and secret name to the pull function, and lets it alone read that one secret', () => {
    const fn = pull(configured);
    expect(fn.props.Environment.Variables).toMatchObject({
      RELAIS_DATA_INCLUSION_API_URL: 'https://api.data.inclusion.beta.gouv.fr',
      RELAIS_DATA_INCLUSION_TOKEN_SECRET: DATA_INCLUSION.tokenSecretName,
    });
    expect(fn.props.Environment.Variables.RELAIS_DATA_INCLUSION_TOKEN).toBeUndefined();
    const reads = statementsOfRole(configured.stateless, fn.props.Role['Fn::GetAtt'][0]).filter((st) =>
      actionsOf(st).includes('secretsmanager:GetSecretValue'),
    );
    const resources = reads.map((st) => flat(st.Resource));
    expect(resources).toContainEqual(
      expect.stringMatching(/^arn:<AWS::Partition>:secretsmanager:(eu-west-1|<AWS::Region>):<AWS::AccountId>:secret:relais\/test\/data-inclusion-\?{6}$/),
    );
    const tokenGrant = reads.find((st) => flat(st.Resource).includes('data-inclusion'))!;
    expect(actionsOf(tokenGrant)).toEqual(['secretsmanager:GetSecretValue']);
    // No other function of the stage may read it, nor sees the settings.
    for (const [key, other] of relaisFunctions(configured.stateless)) {
      if (key === 'directory.dataInclusionPull') continue;
      const grants = statementsOfRole(configured.stateless, other.props.Role['Fn::GetAtt'][0]).map((st) => flat(st.Resource));
      expect([key, grants.filter((r) => r.includes('data-inclusion'))]).toEqual([key, []]);
      expect([key, other.props.Environment.Variables.RELAIS_DATA_INCLUSION_TOKEN_SECRET]).toEqual([key, undefined]);
    }
  });

  it('leaves the pull off without relais:dataInclusion: no setting, no grant', () => {
    const fn = pull(real);
    expect(fn.props.Environment.Variables.RELAIS_DATA_INCLUSION_API_URL).toBeUndefined();
    expect(fn.props.Environment.Variables.RELAIS_DATA_INCLUSION_TOKEN_SECRET).toBeUndefined();
    // It reads the platform's link secret (the directory's `needs.secrets`), by its ARN, and nothing else.
    const reads = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0])
      .filter((st) => actionsOf(st).some((a) => a.startsWith('secretsmanager:')))
      .map((st) => flat(st.Resource));
    expect(reads).toEqual([flat(fn.props.Environment.Variables.RELAIS_LINK_SECRET_ARN)]);
    expect(reads.join()).not.toContain('data-inclusion');
  });

  it('refuses a bad setting at synthesis, in French, naming each bad field', () => {
    const read = (value: unknown) => readConfig(new App({ context: { 'relais:stages': ['test'], 'relais:dataInclusion': value } }).node);
    expect(() => read({ apiUrl: 'http://api.example.org', tokenSecretName: 'relais/test/di' })).toThrow(
      /relais:dataInclusion \(test\) : à corriger : apiUrl \(une adresse https/,
    );
    expect(() => read({ apiUrl: 'https://api.example.org', tokenSecretName: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' })).toThrow(
      /à corriger : tokenSecretName \(le nom d’un secret de Secrets Manager, pas son ARN\)/,
    );
    expect(() => read({ apiUrl: 'pas une adresse' })).toThrow(/à corriger : apiUrl .*, tokenSecretName/);
    expect(() => read('{ apiUrl:')).toThrow(/relais:dataInclusion : JSON illisible/);
    expect(() => read({ test: 'https://x' })).toThrow(/relais:dataInclusion \(test\) : attendu/);
    // Per stage, or for every stage; absent for this stage: off.
    expect(read({ production: DATA_INCLUSION }).stages[0]!.dataInclusion).toBeUndefined();
    expect(read(JSON.stringify(DATA_INCLUSION)).stages[0]!.dataInclusion).toEqual({
      apiUrl: 'https://api.data.inclusion.beta.gouv.fr',
      tokenSecretName: DATA_INCLUSION.tokenSecretName,
    });
  });
});
