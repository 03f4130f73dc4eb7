import * as z from 'zod';

/** `?year=`: a calendar year (default: the current one); a year without data answers 400. */
const Year = z.coerce.number().int().min(2000).max(2100).optional();

export const ReportQuerySchema = z.strictObject({ year: Year });
export const ExportQuerySchema = z.strictObject({ year: Year, format: z.enum(['csv', 'xlsx']) });

const RowSchema = z.object({ key: z.string(), label: z.string(), count: z.number(), previous: z.number() });
/** One partner's or theme's appointments: honoured, missed and the no-show rate (null when neither). */
const NoShowRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  honoured: z.number(),
  missed: z.number(),
  rate: z.number().nullable(),
});
const TrendSchema = z.object({ value: z.number(), previous: z.number(), change: z.number().nullable() });
const IndicatorSchema = z.looseObject({
  label: z.string(),
  value: z.number().nullable(),
  target: z.number().optional(),
  unit: z.string(),
  definition: z.string(),
  note: z.string().optional(),
});

export const ReportSchema = z.object({
  year: z.number().int(),
  generatedAt: z.string(),
  /** The years with data (and the current one), newest first: what `?year=` accepts. */
  availableYears: z.array(z.number().int()),
  indicators: z.object({
    receptionPointsOnMap: IndicatorSchema,
    populationWithin30Minutes: IndicatorSchema,
    professionalsTrained: IndicatorSchema,
    networkOrganisations: IndicatorSchema,
    organisationsMeasuringSatisfaction: IndicatorSchema,
    referentPopulationCoverage: IndicatorSchema,
    referentPartners: IndicatorSchema,
    peopleAccompanied: IndicatorSchema,
    closedParcoursWithAssessment: IndicatorSchema,
  }),
  observatory: z.object({
    receptions: z.number(),
    byTheme: z.array(RowSchema),
    byChannel: z.array(RowSchema),
    byTerritory: z.array(RowSchema),
    byCommune: z.array(RowSchema),
    byMonth: z.array(RowSchema),
    unmetNeeds: z.object({
      receptionsWithoutReferral: z.number(),
      byTheme: z.array(RowSchema),
      declinedReferrals: z.number(),
      declinedByReason: z.array(RowSchema),
      expiredReferrals: z.number(),
      expiredByTheme: z.array(RowSchema),
    }),
    trends: z.record(z.string(), TrendSchema),
    /** Appointments booked for referrals (ADR 0039): missed / (honoured + missed), per partner and theme. */
    noShows: z.object({
      honoured: z.number(),
      missed: z.number(),
      rate: z.number().nullable(),
      byPartner: z.array(NoShowRowSchema),
      byTheme: z.array(NoShowRowSchema),
    }),
  }),
});
