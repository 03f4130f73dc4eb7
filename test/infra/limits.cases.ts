/**
 * CloudFormation refuses a template with more than 500 resources (ADR 0014). The stateless
 * stack puts each service's functions in a nested stack of its own; every template of the
 * stage, nested ones included, must stay under 450 (a margin for the next routes of a service).
 */
import { functionDecls } from '../../infra/manifests';
import { SERVICES } from '../../services';
import type { ServiceManifest } from '../../shared/manifest/manifest';
import { type Json, STAGE, type Synthesised, relaisFunctions, resourcesOf, synthRelais, synthRelaisShared, templatesOf } from './support';

/** CloudFormation refuses a template of more than 500 resources (a nested stack counts one in its parent). */
const CLOUDFORMATION_LIMIT = 500;
/** Room for the next routes and services before a deployment would fail. */
const MAX_RESOURCES = CLOUDFORMATION_LIMIT - 50;

let synth: Synthesised;
beforeAll(() => {
  synth = synthRelaisShared();
});

const countOf = (template: { toJSON(): Json }) => Object.keys(template.toJSON().Resources ?? {}).length;

describe('CloudFormation resource limits', () => {
  it(`keeps every stack and every nested stack of a stage at ${MAX_RESOURCES} resources or fewer, with all the services`, () => {
    const counts = templatesOf(synth).map(({ name, template }) => ({ name, resources: countOf(template) }));
    // Stateful, stateless parent and one per service with functions.
    expect(counts).toHaveLength(2 + SERVICES.filter((s) => functionDecls([s]).length > 0).length);
    for (const count of counts) expect(count).toEqual({ name: count.name, resources: expect.any(Number) });
    expect(counts.filter((c) => c.resources > MAX_RESOURCES)).toEqual([]);
    // The split is what keeps the stage deployable: as one template (minus the nested stack
    // resources themselves) the stateless stack would be well over CloudFormation's 500.
    const total = countOf(synth.stateless);
    expect(total).toBe(counts.slice(1).reduce((sum, c) => sum + c.resources, 0));
    expect(total - synth.nested.size).toBeGreaterThan(CLOUDFORMATION_LIMIT);
  });

  it('finds a service whose own nested stack would pass the limit', () => {
    // 58 routes: about 465 resources in the service's nested stack (eight per route, its two alarms
    // included), whatever the split of the others; CDK itself refuses a template over 500.
    const fat: ServiceManifest = {
      name: 'fat',
      eventSource: 'relais.fat',
      tables: [{ name: 'main', partitionKey: { name: 'pk', type: 'S' } }],
      routes: Array.from({ length: 58 }, (_, i) => ({
        id: `route${i}`,
        method: 'GET' as const,
        path: `/api/fat/r${i}`,
        access: 'authenticated' as const,
        handler: `services/fat/r${i}.handler.ts`,
        summary: 'x',
      })),
      subscriptions: [],
      schedules: [],
    };
    const probed = synthRelais({ services: [...SERVICES, fat] });
    const over = templatesOf(probed)
      .map(({ name, template }) => ({ name, resources: countOf(template) }))
      .filter((c) => c.resources > MAX_RESOURCES);
    expect(over.map((c) => c.name)).toEqual([`${probed.stage.stateless.stackName}/fat`]);
  });

  it('has one nested stack per service with functions, holding exactly that service’s functions', () => {
    const withFunctions = SERVICES.filter((s) => functionDecls([s]).length > 0).map((s) => s.name);
    expect(withFunctions.length).toBeGreaterThan(1);
    expect([...synth.nested.keys()].sort()).toEqual([...withFunctions].sort());
    expect(Object.keys(resourcesOf(synth.statelessParent, 'AWS::CloudFormation::Stack')).sort()).toEqual(
      [...synth.nestedStackIds.values()].sort(),
    );
    // No function in the parent: each lives in its own service's nested stack.
    expect([...relaisFunctions(synth.statelessParent).keys()]).toEqual([]);
    for (const [service, template] of synth.nested) {
      const tagged = [...relaisFunctions(template).keys()];
      const declared = functionDecls(SERVICES.filter((s) => s.name === service)).map((d) => `${d.service.name}.${d.id}`);
      expect([service, tagged.sort()]).toEqual([service, declared.sort()]);
    }
  });

  it('keeps the shared resources in the parent: API and stage, bus, topics, key, sign-in client, hosting, Amazon Location', () => {
    const parentTypes = new Set(
      Object.values(synth.statelessParent.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type),
    );
    for (const type of [
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Stage',
      'AWS::ApiGatewayV2::Authorizer',
      'AWS::Events::EventBus',
      'AWS::KMS::Key',
      'AWS::Cognito::UserPoolClient',
      'AWS::CloudFront::Distribution',
      'AWS::Location::PlaceIndex',
    ]) {
      expect([type, parentTypes.has(type)]).toEqual([type, true]);
    }
    for (const template of synth.nested.values()) {
      for (const type of ['AWS::ApiGatewayV2::Api', 'AWS::Events::EventBus', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret']) {
        template.resourceCountIs(type, 0);
      }
    }
  });
});

describe('bundling in the nested stacks', () => {
  // `cdk deploy --exclusively relais-<stage>-stateless` selects the parent only: the functions of
  // its nested stacks must still be bundled (aws-cdk-lib's NestedStack follows its parent).
  // A service whose handler file does not exist: bundling it fails, skipping it gives inline code.
  const ghost: ServiceManifest = {
    name: 'ghost',
    eventSource: 'relais.ghost',
    // An outbox, so that the platform's sweeper has one to drain.
    tables: [{ name: 'main', partitionKey: { name: 'pk', type: 'S' }, outbox: true }],
    routes: [
      {
        id: 'missing',
        method: 'GET',
        path: '/api/ghost',
        access: 'authenticated',
        handler: 'services/ghost/missing.handler.ts',
        summary: 'x',
      },
    ],
    subscriptions: [],
    schedules: [],
  };
  const platform = SERVICES.find((s) => s.name === 'platform')!;
  const build = (bundlingStacks: string[]) => () =>
    synthRelais({ services: [ghost, platform], context: { 'aws:cdk:bundling-stacks': bundlingStacks } });

  it('bundles a service’s functions when only the stateless stack is selected (`cdk deploy --exclusively`)', () => {
    expect(build([`relais-${STAGE}-stateless`])).toThrow(/missing\.handler\.ts/);
  });

  it('skips bundling when the stateless stack is not selected', () => {
    expect(build([`relais-${STAGE}-stateful`])).not.toThrow();
  });
});
