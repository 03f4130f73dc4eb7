import * as z from 'zod';
import { defineEvent } from '../../../shared/events/envelope';

const SOURCE = 'relais.directory';
const Change = z.enum(['created', 'updated']);

/** A reception site was created or changed. Sites are public places: no personal data here. */
export const SiteChanged = defineEvent(
  SOURCE,
  'SiteChanged',
  z.object({
    siteId: z.string(),
    organisationId: z.string(),
    change: Change,
    version: z.number().int(),
    communeCode: z.string(),
    location: z.object({ lon: z.number(), lat: z.number() }),
    unconditionalReception: z.boolean(),
    themes: z.array(z.string()),
  }),
);

/** An organisation of the network was created or changed. */
export const OrganisationChanged = defineEvent(
  SOURCE,
  'OrganisationChanged',
  z.object({
    organisationId: z.string(),
    change: Change,
    version: z.number().int(),
    type: z.string(),
    networkMember: z.boolean(),
    charterSigned: z.boolean(),
  }),
);
