/**
 * The organisations' RDV-Service-Public keys on AWS (ADR 0042): the directory names a secret, an
 * operator creates it as `relais/<stage>/rdvsp/<name>`; the appointments functions may read that
 * prefix and nothing else of Secrets Manager beyond their platform secrets; no other service's
 * function may read it.
 */
import { SERVICES } from '../../services';
import { appointmentsService } from '../../services/appointments/service';
import { STAGE, type Synthesised, actionsOf, relaisFunctions, resourcesOfStatement, statementsOfRole, synthRelaisShared } from './support';

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
