/**
 * The public map's base map data (`GET /api/public/basemap`, ADR 0043): the commune outlines
 * and one label point per commune. Fetched once per page and shared by the static preview
 * (drawn at once, without MapLibre) and by the interactive map (ADR 0050): one download, one
 * parse. No MapLibre import here, so that the preview stays out of the map chunk.
 */
import { getJson } from '../api/http';

export interface BasemapFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: { kind: 'commune' | 'label'; code: string; name: string; population?: number; main?: boolean };
}

export interface BasemapCollection {
  type: 'FeatureCollection';
  features: BasemapFeature[];
}

let loaded: Promise<BasemapCollection> | undefined;

/** The base map, fetched on the first call; a failure is forgotten, so that a later call tries again. */
export const fetchBasemap = (): Promise<BasemapCollection> => {
  loaded ??= getJson<BasemapCollection>('/api/public/basemap').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
};
