import { tableEnvName } from '../../../shared/manifest/manifest';
import { SiteCatalogue } from '../use-cases/nearest.use-cases';
import { directoryDeps } from './deps';

let catalogue: SiteCatalogue | undefined;
let wiredFor: string | undefined;

/**
 * The sites as this process last read them (the public map, the nearest sites), built at first use
 * and kept: one per process, rebuilt only if the directory's table changes (the tests' local
 * stacks do, a Lambda never). No Amazon Location here (docs/adr/0061).
 */
export function siteCatalogue(): SiteCatalogue {
  const key = process.env[tableEnvName('directory', 'main')] ?? '';
  if (!catalogue || key !== wiredFor) {
    catalogue = new SiteCatalogue(directoryDeps.repository);
    wiredFor = key;
  }
  return catalogue;
}
