import * as z from 'zod';

// The coverage's and the travel times' schemas, apart from the directory's others
// (directory.schema.ts re-exports them): the coverage functions bundle these alone (docs/adr/0061).

/** How travel times were obtained: the road estimate, or Amazon Location's route calculator. */
export const TravelMethodSchema = z.enum(['estimate', 'amazon-location']);

export const CoverageCommuneSchema = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int(),
  nearestSiteId: z.string().nullable(),
  minutes: z.number().nullable(),
  covered: z.boolean(),
  location: z.object({ lon: z.number(), lat: z.number() }),
});

export const CoverageSchema = z.object({
  thresholdMinutes: z.number(),
  populationTotal: z.number().int(),
  populationCovered: z.number().int(),
  rate: z.number().min(0).max(1),
  method: TravelMethodSchema,
  computedAt: z.string(),
  departement: z.string(),
  communes: z.array(CoverageCommuneSchema),
});
export type Coverage = z.infer<typeof CoverageSchema>;
