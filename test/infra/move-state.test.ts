import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MOVED_TO_STATEFUL, type StageState, type Template, describePlan, planMove } from '../../scripts/move-state';

/**
 * A stage as deployed before ADR 0030, reduced to what the move touches: the pool, its groups,
 * the secrets (encrypted with the stateless stack's app key), and what uses them there.
 */
function oldStage(): StageState {
  const secretIds = MOVED_TO_STATEFUL.filter((id) => id.includes('Secret'));
  const groupIds = MOVED_TO_STATEFUL.filter((id) => id.startsWith('IdentityGroup'));
  const stateless: Template = {
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Resources: {
      AppKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      IdentityUserPool96FE3B9B: {
        Type: 'AWS::Cognito::UserPool',
        Properties: { UserPoolName: 'relais-test', DeletionProtection: 'ACTIVE' },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      },
      ...Object.fromEntries(
        groupIds.map((id) => [
          id,
          { Type: 'AWS::Cognito::UserPoolGroup', Properties: { UserPoolId: { Ref: 'IdentityUserPool96FE3B9B' } } },
        ]),
      ),
      ...Object.fromEntries(
        secretIds.map((id) => [
          id,
          {
            Type: 'AWS::SecretsManager::Secret',
            Properties: { KmsKeyId: { 'Fn::GetAtt': ['AppKey', 'Arn'] }, GenerateSecretString: { PasswordLength: 64 } },
            DeletionPolicy: 'Delete',
            UpdateReplacePolicy: 'Delete',
          },
        ]),
      ),
      IdentityUserPoolSpaClient33F8E0A2: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: { UserPoolId: { Ref: 'IdentityUserPool96FE3B9B' } },
      },
      CognitoAuthorizer: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          JwtConfiguration: {
            Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: 'IdentityUserPool96FE3B9B' }]] },
          },
        },
      },
      IntakeFunctions: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: {
          Parameters: { LinkSecretArn: { Ref: 'LinkSecret6774D112' }, PoolArn: { 'Fn::GetAtt': ['IdentityUserPool96FE3B9B', 'Arn'] } },
        },
        DependsOn: ['LinkSecret6774D112', 'AppKey'],
      },
    },
    Outputs: { UserPoolId: { Value: { Ref: 'IdentityUserPool96FE3B9B' } } },
  };
  const stateful: Template = { Resources: { DataKey: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain' } } };
  return {
    stage: 'test',
    account: '111111111111',
    region: 'eu-west-1',
    stateful,
    stateless,
    physicalIds: {
      AppKey: 'key-app',
      DataKey: 'key-data',
      IdentityUserPool96FE3B9B: 'eu-west-1_Pool',
      ...Object.fromEntries(groupIds.map((id) => [id, id.replace('IdentityGroup', '').slice(0, -8)])),
      ...Object.fromEntries(secretIds.map((id) => [id, `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${id}-AbCdEf`])),
      IdentityUserPoolSpaClient33F8E0A2: 'client',
      CognitoAuthorizer: 'auth',
      IntakeFunctions: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/intake/1',
    },
  };
}

describe('scripts/move-state.ts (ADR 0030)', () => {
  it('retains, then moves the pool, the groups and the secrets under their own logical ids', () => {
    const plan = planMove(oldStage());
    expect(plan.moved).toEqual([...MOVED_TO_STATEFUL]);
    for (const id of MOVED_TO_STATEFUL) {
      expect(plan.retainTemplate.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(plan.statefulAfter.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(plan.statelessAfter.Resources[id]).toBeUndefined();
    }
    // Nothing else changes in the retain step.
    const rest = (t: Template) =>
      Object.fromEntries(Object.entries(t.Resources).filter(([id]) => !(MOVED_TO_STATEFUL as readonly string[]).includes(id)));
    expect(rest(plan.retainTemplate)).toEqual(rest(oldStage().stateless));
    expect(plan.mappings).toContainEqual({
      Source: { StackName: 'relais-test-stateless', LogicalResourceId: 'LinkSecret6774D112' },
      Destination: { StackName: 'relais-test-stateful', LogicalResourceId: 'LinkSecret6774D112' },
    });
    expect(plan.expected.IdentityUserPool96FE3B9B).toBe('eu-west-1_Pool');
  });

  it('turns references across the two stacks into the values they had: the stateful stack never depends on the stateless one', () => {
    const plan = planMove(oldStage());
    expect(plan.statefulAfter.Resources.LinkSecret6774D112!.Properties.KmsKeyId).toBe('arn:aws:kms:eu-west-1:111111111111:key/key-app');
    expect(plan.statefulAfter.Resources.IdentityGroupadminE8EA5211!.Properties.UserPoolId).toEqual({ Ref: 'IdentityUserPool96FE3B9B' });
    expect(plan.statelessAfter.Resources.IdentityUserPoolSpaClient33F8E0A2!.Properties.UserPoolId).toBe('eu-west-1_Pool');
    expect(plan.statelessAfter.Resources.IntakeFunctions).toMatchObject({
      Properties: {
        Parameters: {
          LinkSecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:LinkSecret6774D112-AbCdEf',
          PoolArn: 'arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_Pool',
        },
      },
      DependsOn: ['AppKey'],
    });
    expect(JSON.stringify(plan.statelessAfter.Resources.CognitoAuthorizer)).toContain('eu-west-1_Pool');
    expect(plan.statelessAfter.Outputs.UserPoolId.Value).toBe('eu-west-1_Pool');
    expect(JSON.stringify(plan.statefulAfter)).not.toContain('AppKey');
    expect(JSON.stringify(plan.statelessAfter)).not.toMatch(/"(Ref|Fn::GetAtt)":\s*\[?"(IdentityUserPool96FE3B9B|LinkSecret)/);
  });

  it('refuses a half-moved stage and a reference it cannot resolve', () => {
    const half = oldStage();
    half.stateful.Resources.LinkSecret6774D112 = half.stateless.Resources.LinkSecret6774D112!;
    delete half.stateless.Resources.LinkSecret6774D112;
    expect(() => planMove(half)).toThrow(/Half-moved stage/);
    const odd = oldStage();
    odd.stateless.Resources.IntakeFunctions!.Properties.Parameters.Domain = { 'Fn::GetAtt': ['IdentityUserPool96FE3B9B', 'Whatever'] };
    expect(() => planMove(odd)).toThrow(/Cannot resolve IdentityUserPool96FE3B9B\.Whatever/);
  });

  it('has nothing to move on a stage already moved', () => {
    const moved = oldStage();
    for (const id of MOVED_TO_STATEFUL) {
      moved.stateful.Resources[id] = moved.stateless.Resources[id]!;
      delete moved.stateless.Resources[id];
    }
    const plan = planMove(moved);
    expect(plan.moved).toEqual([]);
    expect(describePlan(plan).join('\n')).toMatch(/Rien à déplacer/);
  });

  it('dry run from saved templates prints the four steps and changes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-move-test-'));
    const state = oldStage();
    fs.writeFileSync(path.join(dir, 'stateful.json'), JSON.stringify(state.stateful));
    fs.writeFileSync(path.join(dir, 'stateless.json'), JSON.stringify(state.stateless));
    fs.writeFileSync(path.join(dir, 'resources.json'), JSON.stringify(state.physicalIds));
    fs.writeFileSync(path.join(dir, 'env.json'), JSON.stringify({ account: state.account, region: state.region }));
    const before = fs.readdirSync(dir).sort();
    const out = execFileSync('npx', ['tsx', 'scripts/move-state.ts', '--stage', 'test', '--dry-run', '--from', dir], {
      encoding: 'utf8',
      env: { ...process.env, PATH: process.env.PATH, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: 'none' },
    });
    for (const step of ['1. retain', '2. refactor', '3. deploy', '4. verify']) expect(out).toContain(step);
    expect(out).toContain('IdentityUserPool96FE3B9B (AWS::Cognito::UserPool) = eu-west-1_Pool');
    expect(out).toContain('Dry run: nothing was changed.');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
