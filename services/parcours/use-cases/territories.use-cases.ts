import type { Actor } from '../../../shared/auth/actor';
import type { FieldError } from '../../../shared/errors/errors';
import type { ParcoursDeps } from '../domain/parcours.ports';
import type { CreateTerritoryInput, PatchTerritoryInput, Territory } from '../domain/parcours.schema';
import { TerritoryChanged } from '../events/parcours.events';
import type { WriteContext } from './parcours.use-cases';
import { parcoursErrors } from '../errors';

export function territoryChanged(t: Territory, now: Date, correlationId?: string) {
  return TerritoryChanged.create(
    {
      territoryId: t.id,
      name: t.name,
      communeCodes: t.communeCodes,
      referentDeployed: t.referentDeployed,
      ...(t.deployedOn ? { deployedOn: t.deployedOn } : {}),
      version: t.version,
    },
    { correlationId, now },
  );
}

/** A commune belongs to one territory at most: the deployment's population share counts it once. */
export function overlapErrors(territory: Pick<Territory, 'id' | 'communeCodes'>, others: Territory[]): FieldError[] {
  const owner = new Map<string, string>();
  for (const t of others) if (t.id !== territory.id) for (const code of t.communeCodes) owner.set(code, t.name);
  const clashes = territory.communeCodes.filter((c) => owner.has(c));
  return clashes.length
    ? [
        {
          path: 'body.communeCodes',
          message: `Communes déjà dans un autre territoire : ${clashes
            .slice(0, 20)
            .map((c) => `${c} (${owner.get(c)})`)
            .join(', ')}${clashes.length > 20 ? '…' : ''}`,
        },
      ]
    : [];
}

function deploymentErrors(t: Pick<Territory, 'referentDeployed' | 'deployedOn'>): FieldError[] {
  return !t.referentDeployed && t.deployedOn
    ? [{ path: 'body.deployedOn', message: 'Une date de déploiement suppose referentDeployed: true' }]
    : [];
}

export function makeListTerritories(deps: ParcoursDeps) {
  return {
    async execute(): Promise<{ items: Territory[] }> {
      const items = await deps.repository.listTerritories();
      return { items: items.sort((a, b) => a.name.localeCompare(b.name, 'fr')) };
    },
  };
}

/**
 * Create a territory (STS).
 * Primary course: the coordinator names it, lists its communes and says whether the référent
 * approach is deployed there (and since when) → `TerritoryChanged` lets the indicators follow
 * the deployment. A commune already in another territory: 422.
 */
export function makeCreateTerritory(deps: ParcoursDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(input: CreateTerritoryInput, _actor: Actor, ctx: WriteContext): Promise<Territory> {
      const now = clock.now();
      const at = now.toISOString();
      const territory: Territory = {
        id: newId(),
        name: input.name,
        communeCodes: input.communeCodes,
        referentDeployed: input.referentDeployed,
        ...(input.deployedOn ? { deployedOn: input.deployedOn } : {}),
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      const errors = [...overlapErrors(territory, await repository.listTerritories()), ...deploymentErrors(territory)];
      if (errors.length) throw parcoursErrors.error('territory.create-refused', { errors });
      repository.saveTerritory(ctx.uow, territory);
      repository.publish(ctx.uow, territoryChanged(territory, now, ctx.correlationId));
      return territory;
    },
  };
}

export function makePatchTerritory(deps: ParcoursDeps) {
  const { repository, clock } = deps;
  return {
    async execute(id: string, patch: PatchTerritoryInput, _actor: Actor, ctx: WriteContext): Promise<Territory> {
      const current = await repository.getTerritory(id);
      if (!current) throw parcoursErrors.error('territory.not-found');
      if (patch.version !== current.version) {
        throw parcoursErrors.error('territory.version-conflict', {
          errors: [{ path: 'body.version', message: `Version périmée (version actuelle : ${current.version})` }],
        });
      }
      const now = clock.now();
      const { version: _v, deployedOn, ...changes } = patch;
      const { deployedOn: currentDeployedOn, ...rest } = current;
      const nextDeployedOn = deployedOn === null ? undefined : (deployedOn ?? currentDeployedOn);
      const next: Territory = {
        ...rest,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
        ...(nextDeployedOn ? { deployedOn: nextDeployedOn } : {}),
        version: current.version + 1,
        updatedAt: now.toISOString(),
      };
      const errors = [...overlapErrors(next, await repository.listTerritories()), ...deploymentErrors(next)];
      if (errors.length) throw parcoursErrors.error('territory.change-refused', { errors });
      repository.saveTerritory(ctx.uow, next, current.version);
      repository.publish(ctx.uow, territoryChanged(next, now, ctx.correlationId));
      return next;
    },
  };
}
