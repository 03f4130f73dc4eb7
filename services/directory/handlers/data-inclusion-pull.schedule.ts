import { readSecretString } from '../../../shared/auth/secrets';
import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { DIRECTORY_SETTINGS } from '../directory.settings';
import { HttpDataInclusionSource } from '../exchange/data-inclusion-source';
import { makePullDataInclusion } from '../use-cases/data-inclusion-pull.use-cases';
import { departement } from './communes.deps';
import { siteWriteDeps } from './write-deps';

const logger = createLogger('directory');

let token: Promise<string> | undefined;

/** The API token: given as such locally, else read once per process from the secret the setting names. */
function readToken(secretId: string | undefined, given: string | undefined): Promise<string> {
  if (given) return Promise.resolve(given);
  token ??= (async () => {
    if (!secretId) throw new Error('Configuration invalide : RELAIS_DATA_INCLUSION_TOKEN_SECRET manquant');
    const SecretString = await readSecretString(secretId);
    if (!SecretString) throw new Error('Configuration invalide : le secret du jeton data·inclusion est vide');
    return SecretString.trim();
  })().catch((error: unknown) => {
    token = undefined; // retried by the next run
    throw error;
  });
  return token;
}

/** Every night: the département's structures and services from the data·inclusion API, when it is configured. */
export const handler = scheduled('directory', 'dataInclusionPull', async (): Promise<void> => {
  const url = DIRECTORY_SETTINGS.RELAIS_DATA_INCLUSION_API_URL.schema.parse(process.env.RELAIS_DATA_INCLUSION_API_URL);
  const secretId = DIRECTORY_SETTINGS.RELAIS_DATA_INCLUSION_TOKEN_SECRET.schema.parse(process.env.RELAIS_DATA_INCLUSION_TOKEN_SECRET);
  const given = DIRECTORY_SETTINGS.RELAIS_DATA_INCLUSION_TOKEN.schema.parse(process.env.RELAIS_DATA_INCLUSION_TOKEN);
  if (!url || (!secretId && !given)) {
    logger.info('Import data·inclusion non configuré : rien à faire');
    return;
  }
  const source = new HttpDataInclusionSource({ baseUrl: url, token: () => readToken(secretId, given) });
  const report = await makePullDataInclusion({ ...siteWriteDeps(), departement: departement(), source }).execute();
  // Counts only: no name, no address.
  logger.info('Import data·inclusion', {
    structures: report.structures,
    services: report.services,
    rejected: report.rejected.length,
    keptVerified: report.keptVerified,
  });
});
