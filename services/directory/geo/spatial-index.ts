import { EARTH_RADIUS_KM, haversineKm } from './distance';
import type { Point, SitePoint } from './geo.types';

/** Straight-line neighbours always kept as candidates (roads bend: the nearest by road may be the 3rd by line). */
export const DEFAULT_CANDIDATES = 5;
/** Beyond the k nearest, sites within `nearest × factor + margin` km are kept too (see ADR 0008). */
export const CANDIDATE_RADIUS_FACTOR = 1.5;
export const CANDIDATE_RADIUS_MARGIN_KM = 5;

/** Points per leaf: below this a linear scan beats walking the tree. */
const LEAF_SIZE = 8;
const RAD = Math.PI / 180;

/**
 * A static spatial index of sites answering "which sites could be the nearest by road?".
 *
 * Sites are points on the unit sphere (x, y, z) in a kd-tree: the straight 3-D chord grows with
 * the great-circle distance, so nearest-neighbour and radius searches are exact anywhere (DROM
 * included) without any projection. Written here rather than taken from kdbush/geokdbush: both
 * ship ESM only, which the CommonJS build and Jest's transform list do not load.
 */
export class SiteIndex {
  private readonly sites: SitePoint[];
  /** x, y, z of `sites[i]` at 3i, 3i+1, 3i+2; `sites` is reordered into the tree's layout. */
  private readonly coords: Float64Array;

  constructor(sites: SitePoint[]) {
    this.sites = [...sites];
    this.coords = new Float64Array(this.sites.length * 3);
    for (const [i, site] of this.sites.entries()) this.writeCoords(i, toUnitVector(site.location));
    this.build(0, this.sites.length - 1, 0);
  }

  get size(): number {
    return this.sites.length;
  }

  /**
   * The sites that could be the nearest by road from `p`: the `k` nearest by straight line
   * (default 5) plus any within a radius (default: the nearest's distance × 1.5 + 5 km, or
   * `radiusKm`), sorted by straight-line distance.
   */
  candidates(p: Point, opts: { k?: number; radiusKm?: number } = {}): SitePoint[] {
    if (this.sites.length === 0) return [];
    const k = Math.max(1, Math.floor(opts.k ?? DEFAULT_CANDIDATES));
    const q = toUnitVector(p);
    const kept = new Set(this.nearest(q, k));
    const nearestKm = haversineKm(p, (this.sites[[...kept][0] as number] as SitePoint).location);
    const radiusKm = opts.radiusKm ?? nearestKm * CANDIDATE_RADIUS_FACTOR + CANDIDATE_RADIUS_MARGIN_KM;
    for (const i of this.within(q, chordOf(radiusKm))) kept.add(i);
    return [...kept]
      .map((i) => ({ site: this.sites[i] as SitePoint, km: haversineKm(p, (this.sites[i] as SitePoint).location) }))
      .sort((a, b) => a.km - b.km || (a.site.id < b.site.id ? -1 : a.site.id > b.site.id ? 1 : 0))
      .map((c) => c.site);
  }

  /** Indexes of the k nearest sites, nearest first. */
  private nearest(q: Vec3, k: number): number[] {
    const best: Array<{ i: number; d2: number }> = [];
    const consider = (i: number) => {
      const d2 = this.dist2(i, q);
      if (best.length === k && d2 >= (best[k - 1] as { d2: number }).d2) return;
      let at = best.length;
      while (at > 0 && (best[at - 1] as { d2: number }).d2 > d2) at--;
      best.splice(at, 0, { i, d2 });
      if (best.length > k) best.pop();
    };
    const visit = (lo: number, hi: number, axis: number) => {
      if (hi - lo <= LEAF_SIZE) {
        for (let i = lo; i <= hi; i++) consider(i);
        return;
      }
      const m = (lo + hi) >> 1;
      consider(m);
      const diff = q[axis] - (this.coords[3 * m + axis] as number);
      const next = (axis + 1) % 3;
      const [nearLo, nearHi, farLo, farHi] = diff <= 0 ? [lo, m - 1, m + 1, hi] : [m + 1, hi, lo, m - 1];
      visit(nearLo, nearHi, next);
      if (best.length < k || diff * diff < (best[best.length - 1] as { d2: number }).d2) visit(farLo, farHi, next);
    };
    visit(0, this.sites.length - 1, 0);
    return best.map((b) => b.i);
  }

  /** Indexes of the sites within a chord of `chord` (unit sphere). */
  private within(q: Vec3, chord: number): number[] {
    const r2 = chord * chord;
    const found: number[] = [];
    const visit = (lo: number, hi: number, axis: number) => {
      if (lo > hi) return;
      if (hi - lo <= LEAF_SIZE) {
        for (let i = lo; i <= hi; i++) if (this.dist2(i, q) <= r2) found.push(i);
        return;
      }
      const m = (lo + hi) >> 1;
      if (this.dist2(m, q) <= r2) found.push(m);
      const diff = q[axis] - (this.coords[3 * m + axis] as number);
      const next = (axis + 1) % 3;
      if (diff - chord <= 0) visit(lo, m - 1, next);
      if (diff + chord >= 0) visit(m + 1, hi, next);
    };
    visit(0, this.sites.length - 1, 0);
    return found;
  }

  private dist2(i: number, q: Vec3): number {
    const dx = (this.coords[3 * i] as number) - q[0];
    const dy = (this.coords[3 * i + 1] as number) - q[1];
    const dz = (this.coords[3 * i + 2] as number) - q[2];
    return dx * dx + dy * dy + dz * dz;
  }

  /** Lay the sites out as an implicit kd-tree: the median of [lo, hi] on `axis` sits at the middle. */
  private build(lo: number, hi: number, axis: number): void {
    if (hi - lo <= LEAF_SIZE) return;
    const m = (lo + hi) >> 1;
    this.select(m, lo, hi, axis);
    this.build(lo, m - 1, (axis + 1) % 3);
    this.build(m + 1, hi, (axis + 1) % 3);
  }

  /** Quickselect: put the k-th smallest on `axis` at k, smaller ones before, larger after. */
  private select(k: number, lo: number, hi: number, axis: number): void {
    let left = lo;
    let right = hi;
    while (right > left) {
      const pivot = this.coords[3 * ((left + right) >> 1) + axis] as number;
      let i = left;
      let j = right;
      while (i <= j) {
        while ((this.coords[3 * i + axis] as number) < pivot) i++;
        while ((this.coords[3 * j + axis] as number) > pivot) j--;
        if (i <= j) {
          this.swap(i, j);
          i++;
          j--;
        }
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else return;
    }
  }

  private swap(i: number, j: number): void {
    const site = this.sites[i] as SitePoint;
    this.sites[i] = this.sites[j] as SitePoint;
    this.sites[j] = site;
    for (let a = 0; a < 3; a++) {
      const c = this.coords[3 * i + a] as number;
      this.coords[3 * i + a] = this.coords[3 * j + a] as number;
      this.coords[3 * j + a] = c;
    }
  }

  private writeCoords(i: number, v: Vec3): void {
    this.coords[3 * i] = v[0];
    this.coords[3 * i + 1] = v[1];
    this.coords[3 * i + 2] = v[2];
  }
}

type Vec3 = [number, number, number];

function toUnitVector(p: Point): Vec3 {
  const lat = p.lat * RAD;
  const lon = p.lon * RAD;
  const c = Math.cos(lat);
  return [c * Math.cos(lon), c * Math.sin(lon), Math.sin(lat)];
}

/** Chord of the unit sphere subtending a great-circle distance of `km` (a little slack for rounding). */
function chordOf(km: number): number {
  const angle = Math.min(Math.PI, Math.max(0, km) / EARTH_RADIUS_KM);
  return 2 * Math.sin(angle / 2) * (1 + 1e-9);
}
