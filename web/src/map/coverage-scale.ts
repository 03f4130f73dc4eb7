/**
 * The coverage map's scale, shared by the map and its legend (kept apart from the map so that
 * the page does not load MapLibre just to draw the legend).
 */

/** Light (near) to dark (far): ColorBrewer YlGnBu, readable with every common colour-vision deficiency. */
export const COVERAGE_COLOURS = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
export const NO_DATA_COLOUR = '#bdbdbd';
/** Orange stands apart from the blue-green scale for every common colour-vision deficiency. */
export const GAP_OUTLINE = '#e66101';

/** Class limits in minutes, from the threshold: ⅓, ⅔, 1, 1½. The threshold splits the 3rd and 4th classes. */
export const classLimits = (threshold: number): number[] =>
  [threshold / 3, (threshold * 2) / 3, threshold, threshold * 1.5].map(Math.round);

export interface OutlineCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; geometry: unknown; properties: { code?: string } & Record<string, unknown> }>;
}
