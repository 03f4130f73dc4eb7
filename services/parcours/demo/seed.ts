import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ConflictError } from '../../../shared/errors/errors';
import type { ParcoursRepository } from '../domain/parcours.ports';
import type { Territory } from '../domain/parcours.schema';
import { territoryChanged } from '../use-cases/territories.use-cases';
import { DEMO_TERRITORIES, communesOfArrondissement } from './lot-territories';

/**
 * Load the Lot demo territories (local mode, first start). Each is created only if absent, with
 * its `TerritoryChanged`, in its own transaction: loading twice changes nothing.
 */
export async function seedDemoTerritories(repository: ParcoursRepository, now = new Date()): Promise<{ created: number }> {
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as Array<{
    code: string;
    arrondissement?: string;
    type?: string;
  }>;
  const at = now.toISOString();
  let created = 0;
  for (const demo of DEMO_TERRITORIES) {
    const territory: Territory = {
      id: demo.id,
      name: demo.name,
      communeCodes: communesOfArrondissement(demo.arrondissement, communes),
      referentDeployed: demo.referentDeployed,
      ...(demo.deployedOn ? { deployedOn: demo.deployedOn } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const uow = new UnitOfWork();
    repository.saveTerritory(uow, territory);
    repository.publish(uow, territoryChanged(territory, now));
    try {
      await uow.commit();
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return { created };
}
