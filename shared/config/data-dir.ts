/**
 * Where the local stack keeps what it makes at first use (its signing key, its secrets, the
 * DynamoDB Local files): `RELAIS_DATA_DIR`, `.relais` by default. A module of its own so that
 * reading a secret does not bundle the local token signer (jose) into every function (issue 19).
 */
export function dataDir(): string {
  return process.env.RELAIS_DATA_DIR ?? '.relais';
}
