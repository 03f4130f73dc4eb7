import * as z from 'zod';
import { CommuneCodeSchema, LocationSchema, QueryBooleanSchema } from '../../../shared/validation/common.schema';
import { TravelMethodSchema } from './geo.schema';
import { SiteSchema } from './site.schema';
import { ThemeSchema } from './theme.schema';

// The nearest sites' query and answer, apart from the directory's other schemas
// (directory.schema.ts re-exports them; docs/adr/0061).

export const NearestQuerySchema = z
  .strictObject({
    commune: CommuneCodeSchema.optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    limit: z.coerce.number().int().min(1).max(20).default(3),
    theme: ThemeSchema.optional(),
    unconditional: QueryBooleanSchema.optional(),
  })
  .superRefine((q, ctx) => {
    const point = q.lon !== undefined || q.lat !== undefined;
    if (!q.commune && !point)
      ctx.addIssue({ code: 'custom', path: ['commune'], message: 'Indiquez une commune ou des coordonnées (lon, lat)' });
    if (point && (q.lon === undefined || q.lat === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.lon === undefined ? 'lon' : 'lat'], message: 'lon et lat vont ensemble' });
    }
    if (point && q.lon !== undefined && q.lat !== undefined && !LocationSchema.safeParse({ lon: q.lon, lat: q.lat }).success) {
      ctx.addIssue({ code: 'custom', path: ['lon'], message: 'Coordonnées hors de France' });
    }
  });

export const NearestItemSchema = z.object({
  site: SiteSchema,
  minutes: z.number(),
  km: z.number(),
  method: TravelMethodSchema,
});
export const NearestSchema = z.array(NearestItemSchema);
