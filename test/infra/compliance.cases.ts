import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { MIN_REASON_LENGTH, acknowledge, compliancePacks } from '../../infra/compliance';
import { buildRelais } from '../../infra/relais';
import { STAGE, fakeSpaBuild, synthRelais } from './support';

interface Finding {
  rule: string;
  severity?: string;
  path: string;
}

/** Run AWS Solutions and HIPAA Security on a construct tree; every unacknowledged finding. */
function findings(scope: IConstruct): Finding[] {
  return compliancePacks().flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity, path: r.constructPath ?? '' })),
      ),
  );
}

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in a construct tree. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

const isNagRule = (id: string) => /^(AwsSolutions|HIPAA\.Security)-/.test(id);

describe('cdk-nag: AWS Solutions and HIPAA Security', () => {
  describe('on the Relais app', () => {
    it('reports no unacknowledged finding, error or warning, without a built SPA', () => {
      const { app } = synthRelais();
      expect(findings(app)).toEqual([]);
    });

    it('reports no unacknowledged finding, error or warning, with a built SPA to deploy', () => {
      const { app } = synthRelais({ spaAssetsDir: fakeSpaBuild() });
      expect(findings(app)).toEqual([]);
    });

    it('gives every acknowledgement a written reason', () => {
      const { app } = synthRelais({ spaAssetsDir: fakeSpaBuild() });
      const acks = acknowledgements(app);
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) expect([ack.id, ack.reason.trim().length >= MIN_REASON_LENGTH]).toEqual([ack.id, true]);
    });

    it('acknowledges only findings that exist (no stale acknowledgement)', () => {
      const spaAssetsDir = fakeSpaBuild();
      const acks = acknowledgements(synthRelais({ spaAssetsDir }).app).filter((a) => isNagRule(a.id));
      // The same app with every cdk-nag acknowledgement ignored: the raw findings.
      const original = Validations.prototype.acknowledge;
      const ignore = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (this: Validations, ...rules) {
        const kept = rules.filter((r) => !isNagRule(r.id));
        if (kept.length > 0) original.apply(this, kept);
      });
      let raw: Finding[];
      try {
        raw = findings(synthRelais({ spaAssetsDir }).app);
      } finally {
        ignore.mockRestore();
      }
      const stale = acks.filter((ack) => !raw.some((f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))));
      expect(stale).toEqual([]);
    });
  });

  describe('the check itself', () => {
    function throwaway(): { app: App; bucket: s3.Bucket } {
      const app = new App();
      const bucket = new s3.Bucket(new Stack(app, 'Throwaway'), 'Bucket');
      return { app, bucket };
    }

    it('reports a violation in a throwaway stack', () => {
      const { app } = throwaway();
      const rules = findings(app).map((f) => f.rule);
      expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10', 'HIPAA.Security-S3DefaultEncryptionKMS']));
    });

    it('drops exactly the acknowledged rule', () => {
      const { app, bucket } = throwaway();
      acknowledge(bucket, 'AwsSolutions-S1', 'A throwaway bucket for this test, which is never deployed anywhere.');
      const rules = findings(app).map((f) => f.rule);
      expect(rules).not.toContain('AwsSolutions-S1');
      expect(rules).toContain('AwsSolutions-S10');
    });

    it('refuses an acknowledgement without a reason', () => {
      const { bucket } = throwaway();
      expect(() => acknowledge(bucket, 'AwsSolutions-S1', 'because')).toThrow(/needs a real reason/);
    });

    it('fails synthesis of the app on an unacknowledged finding, and passes without one', () => {
      const context = { 'aws:cdk:bundling-stacks': [], 'relais:stages': [STAGE] };
      const clean = new App({ context });
      buildRelais(clean, { spaAssetsDir: null });
      expect(() => clean.synth()).not.toThrow();

      const broken = new App({ context });
      const [stage] = buildRelais(broken, { spaAssetsDir: null });
      new s3.Bucket(stage!.stateless, 'UnloggedBucket');
      expect(() => broken.synth()).toThrow(/UnloggedBucket[\s\S]*AwsSolutions-S1/);
    });
  });
});
