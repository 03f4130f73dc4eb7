/**
 * The organisations' RDV-Service-Public keys on AWS (ADR 0042): the directory names a secret, an
 * operator creates it as `relais/<stage>/rdvsp/<name>`; the appointments functions may read that
 * prefix and nothing else of Secrets Manager beyond their platform secrets; no other service's
 * function may read it.
 */
import { physicalTableName } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { appointmentsService } from '../../services/appointments/service';
import {
  actionsOf,
  relaisFunctions,
  resourcesOf,
  resourcesOfStatement,
  STAGE,
  type Synthesised,
  statementsOfRole,
  synthRelaisShared,
} from './support';

let synth: Synthesised;
beforeAll(() => {
  synth = synthRelaisShared();
});

const PREFIX = `:secret:relais/${STAGE}/rdvsp/*`;

describe('the RDV-Service-Public keys (ADR 0042)', () => {
  it('lets every appointments function but its relay read relais/<stage>/rdvsp/* — and no other function', () => {
    const readers: string[] = [];
    const appointments: string[] = [];
    for (const [key, fn] of relaisFunctions(synth.stateless)) {
      const statements = statementsOfRole(synth.stateless, fn.props.Role['Fn::GetAtt'][0]);
      const named = statements.filter(
        (s) => actionsOf(s).includes('secretsmanager:GetSecretValue') && resourcesOfStatement(s).some((r) => r.endsWith(PREFIX)),
      );
      if (named.length > 0) readers.push(key);
      for (const s of named) {
        // The prefix alone: no other secret, no other action in that statement.
        expect(actionsOf(s)).toEqual(['secretsmanager:GetSecretValue']);
        expect(resourcesOfStatement(s)).toHaveLength(1);
        expect(resourcesOfStatement(s)[0]).toMatch(/^arn:.*:secretsmanager:.*:secret:relais\/test\/rdvsp\/\*$/);
      }
      if (key.startsWith(`${appointmentsService.name}.`) && fn.props.tags['relais:trigger'] !== 'relay') appointments.push(key);
    }
    expect(appointments.length).toBeGreaterThan(5);
    expect(readers.sort()).toEqual(appointments.sort());
    // Only appointments asks for it.
    expect(SERVICES.filter((s) => s.needs?.secretPrefixes?.length).map((s) => s.name)).toEqual(['appointments']);
  });
});

describe('the cancels asked again of an external agenda after an erasure (ADR 0065)', () => {
  it('runs appointments.externalCancels every 15 minutes, with the appointments table and the agendas’ keys only', () => {
    const fn = relaisFunctions(synth.stateless).get('appointments.externalCancels')!;
    expect(fn.props.tags['relais:trigger']).toBe('schedule');
    const rule = Object.values(resourcesOf(synth.stateless, 'AWS::Events::Rule')).find((r) =>
      (r.Properties!.Targets ?? []).some((t: { Arn?: { 'Fn::GetAtt'?: string[] } }) => t.Arn?.['Fn::GetAtt']?.[0] === fn.logicalId),
    );
    expect(rule?.Properties?.ScheduleExpression).toBe('rate(15 minutes)');
    const statements = statementsOfRole(synth.stateless, fn.props.Role['Fn::GetAtt'][0]);
    const tables = new Set(
      statements
        .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
        .flatMap(resourcesOfStatement)
        .map((r) => r.match(/:table\/([^/]+)/)?.[1]),
    );
    // Its own table (the appointment, the outbox, the pending items) and the audit log every function may append to.
    expect([...tables].sort()).toEqual(
      [physicalTableName(STAGE, 'appointments', 'main'), physicalTableName(STAGE, 'platform', 'audit')].sort(),
    );
    const secrets = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue')).flatMap(resourcesOfStatement);
    expect(secrets.some((r) => r.endsWith(PREFIX))).toBe(true);
  });

  it('raises the ops alarm on ExternalCancelAbandoned (a cancel given up), to the alarm topic', () => {
    const alarm = Object.values(resourcesOf(synth.stateless, 'AWS::CloudWatch::Alarm')).find(
      (a) => a.Properties!.MetricName === 'ExternalCancelAbandoned',
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'Relais',
      Dimensions: [{ Name: 'service', Value: 'appointments' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm?.Properties?.AlarmActions).toHaveLength(1);
  });
});
