import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DIRECTORY_SETTINGS } from '../services/directory/directory.settings';
import type { FunctionDecl } from './manifests';
import type { RelaisFunction } from './constructs/relais-function';
import { acknowledge } from './compliance';

/**
 * The directory's nightly data·inclusion pull on AWS (issue 16, point 8; ADRs 0044 and 0045),
 * configured per stage: `relais:dataInclusion` = `{ "apiUrl": "https://…", "tokenSecretName": "…" }`
 * for every stage, or `{ "<stage>": { … } }`. Absent: the pull stays off (its function logs
 * « non configuré » and does nothing). The API token stays in Secrets Manager, in a secret ops
 * create (`tokenSecretName`): the pull function alone may read it, and only that secret.
 */
export interface DataInclusionConfig {
  apiUrl: string;
  tokenSecretName: string;
}

/** The one function that pulls (services/directory/service.ts, schedules). */
export const DATA_INCLUSION_PULL = { service: 'directory', id: 'dataInclusionPull' } as const;

/** A Secrets Manager secret name (Secrets Manager's own character set; no ARN: the grant builds it). */
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const SHAPE = '{ apiUrl, tokenSecretName }';

/** The stage's data·inclusion settings, checked at synthesis: a typo fails the synth, naming the field. */
export function dataInclusionConfig(value: unknown, stage: string): DataInclusionConfig | undefined {
  let raw: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      raw = JSON.parse(value);
    } catch {
      throw new Error(`relais:dataInclusion : JSON illisible, attendu ${SHAPE}`);
    }
  }
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`relais:dataInclusion : attendu ${SHAPE}`);
  if (!('apiUrl' in raw) && !('tokenSecretName' in raw)) raw = (raw as Record<string, unknown>)[stage];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`relais:dataInclusion (${stage}) : attendu ${SHAPE}`);
  const { apiUrl, tokenSecretName } = raw as Record<string, unknown>;
  const problems: string[] = [];
  // The very rule the function applies at cold start, and https only: the token travels in a header.
  const url = DIRECTORY_SETTINGS.RELAIS_DATA_INCLUSION_API_URL.schema.safeParse(apiUrl);
  if (typeof apiUrl !== 'string' || !url.success || !apiUrl.startsWith('https://')) {
    problems.push('apiUrl (une adresse https, ex. https://api.data.inclusion.beta.gouv.fr)');
  }
  if (typeof tokenSecretName !== 'string' || !SECRET_NAME.test(tokenSecretName) || tokenSecretName.startsWith('arn:')) {
    problems.push('tokenSecretName (le nom d’un secret de Secrets Manager, pas son ARN)');
  }
  if (problems.length > 0) throw new Error(`relais:dataInclusion (${stage}) : à corriger : ${problems.join(', ')}`);
  return { apiUrl: (apiUrl as string).replace(/\/+$/, ''), tokenSecretName: tokenSecretName as string };
}

const nagValue = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);

export function isDataInclusionPull(decl: FunctionDecl): boolean {
  return decl.service.name === DATA_INCLUSION_PULL.service && decl.id === DATA_INCLUSION_PULL.id;
}

/**
 * Wires the pull function: its two settings in its environment, and `secretsmanager:GetSecretValue`
 * on the named secret only. A secret's ARN ends with `-` and six random characters that only
 * Secrets Manager knows: `<name>-??????` matches that secret and no other whose name merely
 * starts with the same letters.
 */
export function wireDataInclusionPull(fn: RelaisFunction, config: DataInclusionConfig): void {
  fn.function.addEnvironment('RELAIS_DATA_INCLUSION_API_URL', config.apiUrl);
  fn.function.addEnvironment('RELAIS_DATA_INCLUSION_TOKEN_SECRET', config.tokenSecretName);
  const stack = Stack.of(fn);
  const arn = stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${config.tokenSecretName}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  fn.addToPolicy(
    new iam.PolicyStatement({ sid: 'ReadDataInclusionToken', actions: ['secretsmanager:GetSecretValue'], resources: [arn] }),
  );
  acknowledge(
    fn,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${nagValue(stack.region, 'AWS::Region')}:${nagValue(stack.account, 'AWS::AccountId')}:secret:${config.tokenSecretName}-??????]`,
    'A secret’s ARN ends with six random characters Secrets Manager adds at creation: `-??????` (exactly six, no more) ' +
      'names the one secret ops created for the data·inclusion token, and no other.',
  );
}
