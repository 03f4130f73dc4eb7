import { defineService } from '../../shared/manifest/manifest';
import { PageQuerySchema } from '../../shared/validation/common.schema';
import {
  CreateOrganisationSchema,
  CreateSiteSchema,
  IdParamsSchema,
  ListOrganisationsQuerySchema,
  ListSitesQuerySchema,
  OrganisationPageSchema,
  OrganisationSchema,
  PatchOrganisationSchema,
  PatchSiteSchema,
  SitePageSchema,
  SiteSchema,
} from './domain/directory.schema';

const EDITORS = ['pilote', 'admin', 'partenaire'] as const;

/** The directory: organisations of the network and their reception sites. See README.md. */
export const directoryService = defineService({
  name: 'directory',
  eventSource: 'relais.directory',
  tables: [
    {
      name: 'main',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      indexes: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
        { name: 'gsi3', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
      ],
      ttlAttribute: 'expiresAt',
      outbox: true,
    },
  ],
  routes: [
    {
      id: 'listOrganisations',
      method: 'GET',
      path: '/api/organisations',
      access: 'authenticated',
      handler: 'services/directory/handlers/list-organisations.handler.ts',
      summary: 'Lister les structures du réseau (filtres : type, recherche sur le nom)',
      schemas: { query: ListOrganisationsQuerySchema, response: OrganisationPageSchema },
    },
    {
      id: 'createOrganisation',
      method: 'POST',
      path: '/api/organisations',
      access: ['pilote', 'admin'],
      handler: 'services/directory/handlers/create-organisation.handler.ts',
      summary: 'Créer une structure',
      schemas: { body: CreateOrganisationSchema, response: OrganisationSchema },
      successStatus: 201,
    },
    {
      id: 'getOrganisation',
      method: 'GET',
      path: '/api/organisations/{id}',
      access: 'authenticated',
      handler: 'services/directory/handlers/get-organisation.handler.ts',
      summary: 'Lire une structure',
      schemas: { params: IdParamsSchema, response: OrganisationSchema },
    },
    {
      id: 'patchOrganisation',
      method: 'PATCH',
      path: '/api/organisations/{id}',
      access: EDITORS,
      handler: 'services/directory/handlers/patch-organisation.handler.ts',
      summary: 'Modifier une structure (un partenaire : la sienne seulement)',
      schemas: { params: IdParamsSchema, body: PatchOrganisationSchema, response: OrganisationSchema },
    },
    {
      id: 'listSites',
      method: 'GET',
      path: '/api/sites',
      access: 'authenticated',
      handler: 'services/directory/handlers/list-sites.handler.ts',
      summary: "Lister les lieux d'accueil (filtres : commune, thématique, accueil inconditionnel, structure)",
      schemas: { query: ListSitesQuerySchema, response: SitePageSchema },
    },
    {
      id: 'createSite',
      method: 'POST',
      path: '/api/sites',
      access: EDITORS,
      handler: 'services/directory/handlers/create-site.handler.ts',
      summary: "Créer un lieu d'accueil (un partenaire : pour sa structure seulement)",
      schemas: { body: CreateSiteSchema, response: SiteSchema },
      successStatus: 201,
    },
    {
      id: 'getSite',
      method: 'GET',
      path: '/api/sites/{id}',
      access: 'authenticated',
      handler: 'services/directory/handlers/get-site.handler.ts',
      summary: "Lire un lieu d'accueil",
      schemas: { params: IdParamsSchema, response: SiteSchema },
    },
    {
      id: 'patchSite',
      method: 'PATCH',
      path: '/api/sites/{id}',
      access: EDITORS,
      handler: 'services/directory/handlers/patch-site.handler.ts',
      summary: "Modifier un lieu d'accueil (un partenaire : les siens seulement)",
      schemas: { params: IdParamsSchema, body: PatchSiteSchema, response: SiteSchema },
    },
    // biome-ignore format: kept as the README's "Adding a route" example shows it
    { id: 'getOrganisationSites', method: 'GET', path: '/api/organisations/{id}/sites', access: 'authenticated',
      handler: 'services/directory/handlers/get-organisation-sites.handler.ts', summary: "Lieux d'une structure",
      schemas: { params: IdParamsSchema, query: PageQuerySchema.strict() } },
  ],
  subscriptions: [],
  schedules: [],
});
