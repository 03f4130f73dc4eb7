import type { Point } from './geo.types';

/** Mean Earth radius (IUGG), the usual sphere for great-circle distances. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle distance in kilometres (haversine formula, spherical Earth). */
export function haversineKm(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Round to one decimal (minutes and kilometres are shown that way). */
export const round1 = (value: number): number => Math.round(value * 10) / 10;
