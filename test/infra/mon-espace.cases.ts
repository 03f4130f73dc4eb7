/**
 * « Mon espace » on AWS (issue 15, ADR 0036): its real path `/mon-espace` is the SPA's
 * index.html with the SPA's own headers (never framed); its sign-in routes are not deployed until
 * the person's tokens are issued on AWS (the ADR's « not built yet »), so that no code is sent
 * that could not be used.
 */
import { MON_ESPACE_PATH } from '../../infra/constructs/spa';
import { intakeService } from '../../services/intake/service';
import type { RouteDecl } from '../../shared/manifest/manifest';
import { type Json, type Synthesised, flat, resourcesOf, synthRelaisShared } from './support';

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

  it('does not deploy the person’s sign-in and invitation routes yet (local stack only, ADR 0036)', () => {
    const ids = ['requestSignInCode', 'personToken', 'invitePerson'];
    const declared: readonly RouteDecl[] = intakeService.routes;
    for (const id of ids) expect(declared.find((r) => r.id === id)?.localOnly).toBe(true);
    const routes = Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Route')).map((r) => String(r.Properties!.RouteKey));
    expect(routes.length).toBeGreaterThan(20);
    for (const key of ['POST /api/me/person/code', 'POST /api/me/person/token', 'POST /api/persons/{id}/invitation']) {
      expect(routes).not.toContain(key);
    }
  });
});
