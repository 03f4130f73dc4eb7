import { Template } from 'aws-cdk-lib/assertions';
import { PUBLIC_CACHE_QUERY, roundCoordinatesCode } from '../../infra/constructs/api-front';
import { PUBLIC_API_RATE_LIMIT } from '../../infra/edge-stack';
import { functionDecls } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { type Json, type Synthesised, actionsOf, flat, relaisFunctions, resourcesOf, statementsOfRole, synthRelaisShared } from './support';

/** Issue 18, point 3: public routes with bounded cost. */
let synth: Synthesised;
let edge: Template;
beforeAll(() => {
  synth = synthRelaisShared();
  edge = Template.fromStack(synth.stage.edge);
});

const publicKeys = () =>
  functionDecls(SERVICES)
    .filter((d) => d.kind === 'route' && d.route!.access === 'public')
    .map((d) => `${d.service.name}.${d.id}`);

describe('Public routes with bounded cost', () => {
  it('gives no public route’s role the route calculator, nor its function the calculator’s name', () => {
    const keys = publicKeys();
    expect(keys).toContain('directory.publicNearest');
    const functions = relaisFunctions(synth.stateless);
    for (const key of keys) {
      const fn = functions.get(key)!;
      const actions = statementsOfRole(synth.stateless, fn.props.Role['Fn::GetAtt'][0]).flatMap(actionsOf);
      expect([key, actions.filter((a) => a.startsWith('geo:Calculate'))]).toEqual([key, []]);
      expect([key, actions.filter((a) => a === '*' || a === 'geo:*')]).toEqual([key, []]);
      expect([key, (fn.props.Environment.Variables as Record<string, Json>).RELAIS_ROUTE_CALCULATOR]).toEqual([key, undefined]);
    }
    // Staff routes that compute travel times keep the calculator.
    const staffNearest = functions.get('directory.nearestSites')!;
    expect(statementsOfRole(synth.stateless, staffNearest.props.Role['Fn::GetAtt'][0]).flatMap(actionsOf)).toContain(
      'geo:CalculateRouteMatrix',
    );
  });

  it('puts a web ACL with a rate-based rule on the public API in us-east-1', () => {
    expect(synth.stage.edge.region).toBe('us-east-1');
    const [acl] = Object.values(resourcesOf(edge, 'AWS::WAFv2::WebACL'));
    expect(acl!.Properties!.Scope).toBe('CLOUDFRONT');
    const rule = (acl!.Properties!.Rules as Json[]).find((r) => r.Name === 'public-api-rate');
    expect(rule).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: PUBLIC_API_RATE_LIMIT,
          AggregateKeyType: 'IP',
          ScopeDownStatement: { ByteMatchStatement: { SearchString: '/api/public/', PositionalConstraint: 'STARTS_WITH' } },
        },
      },
    });
    edge.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });

  it('fronts the API with the distribution: the web ACL, /api/public/* cached on the commune, /api/* uncached', () => {
    const [distribution] = Object.values(resourcesOf(synth.stateless, 'AWS::CloudFront::Distribution'));
    const config = distribution!.Properties!.DistributionConfig;
    expect(flat(config.WebACLId)).toMatch(/WebAcl/);
    const behaviours = config.CacheBehaviors as Json[];
    const publicApi = behaviours.find((b) => b.PathPattern === '/api/public/*')!;
    const api = behaviours.find((b) => b.PathPattern === '/api/*')!;
    expect(behaviours.indexOf(publicApi)).toBeLessThan(behaviours.indexOf(api));
    expect(publicApi.FunctionAssociations).toHaveLength(1);
    const policies = resourcesOf(synth.stateless, 'AWS::CloudFront::CachePolicy');
    const policy = policies[publicApi.CachePolicyId.Ref]!.Properties!.CachePolicyConfig;
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig).toEqual({
      QueryStringBehavior: 'whitelist',
      QueryStrings: [...PUBLIC_CACHE_QUERY],
    });
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
    expect(policy.DefaultTTL).toBeGreaterThan(0);
    // Staff calls are never cached (4135ea2d-… is AWS's managed CachingDisabled policy).
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(flat(api.TargetOriginId)).toBe(flat(publicApi.TargetOriginId));
    // The SPA calls the API on its own origin.
    const deployments = Object.values(synth.stateless.toJSON().Resources as Record<string, Json>).filter(
      (r) => r.Type === 'Custom::CDKBucketDeployment',
    );
    for (const d of deployments) expect(JSON.stringify(d)).not.toContain('execute-api');
  });

  it('rounds coordinates to about a kilometre and drops parameters outside the cache key, at the edge', () => {
    const handler = new Function(`${roundCoordinatesCode()}; return handler;`)() as (e: Json) => Json;
    const request = handler({
      request: {
        querystring: {
          commune: { value: '46042' },
          lat: { value: '44.448912' },
          lon: { value: '1.441987' },
          bust: { value: 'x' },
        },
      },
    });
    expect(request.querystring).toEqual({ commune: { value: '46042' }, lat: { value: '44.45' }, lon: { value: '1.44' } });
  });
});
