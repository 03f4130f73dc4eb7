import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SERVICES } from '../../services';
import { functionDecls } from '../../infra/manifests';
import { synthRelais } from './support';

/** CloudFormation refuses more than 500 resources in one stack (nested stacks count one each). */
const CLOUDFORMATION_LIMIT = 500;
/** Room for the next routes and services before a deploy would fail. */
const MARGIN = 50;

describe('CloudFormation limits', () => {
  const { app } = synthRelais();
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const count = (stack: Stack) => Object.keys(Template.fromStack(stack).toJSON().Resources ?? {}).length;

  it('keeps every stack and nested stack of a stage under the limit, with a margin', () => {
    const counts = Object.fromEntries(stacks.map((s) => [s.node.path, count(s)]));
    // The whole stage, counted as if it were one stack, is well over the limit: the split matters.
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(CLOUDFORMATION_LIMIT);
    for (const [path, n] of Object.entries(counts)) expect([path, n <= CLOUDFORMATION_LIMIT - MARGIN]).toEqual([path, true]);
  });

  it('gives each service with functions its own nested stack', () => {
    const nested = stacks.filter((s): s is NestedStack => s instanceof NestedStack).map((s) => s.node.id);
    const withFunctions = [...new Set(functionDecls(SERVICES).map((d) => d.service.name))];
    expect(nested.sort()).toEqual(withFunctions.map((name) => `${name[0]!.toUpperCase()}${name.slice(1)}Functions`).sort());
  });
});
