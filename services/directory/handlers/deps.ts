import { newId } from '../../../shared/validation/common.schema';
import type { DirectoryDeps } from '../domain/directory.ports';
import { DynamoDirectoryRepository } from '../store/directory.repository';

/** Production wiring, built once per process (module scope). */
export const directoryDeps: DirectoryDeps = {
  repository: new DynamoDirectoryRepository(),
  clock: { now: () => new Date() },
  newId,
};
