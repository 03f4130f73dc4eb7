import { haversineKm } from './distance';
import type { Point, SitePoint } from './geo.types';
import { SiteIndex } from './spatial-index';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSites(n: number, seed: number, box = { west: -5, east: 9.5, south: 41.4, north: 51 }): SitePoint[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `s${String(i).padStart(5, '0')}`,
    location: { lon: box.west + next() * (box.east - box.west), lat: box.south + next() * (box.north - box.south) },
  }));
}

/** The definition, by brute force: k nearest plus all within the radius, sorted by distance. */
function bruteForce(sites: SitePoint[], p: Point, k = 5, radiusKm?: number): string[] {
  const sorted = sites.map((s) => ({ s, km: haversineKm(p, s.location) })).sort((a, b) => a.km - b.km || (a.s.id < b.s.id ? -1 : 1));
  const radius = radiusKm ?? (sorted[0]?.km ?? 0) * 1.5 + 5;
  return sorted.filter((x, i) => i < k || x.km <= radius).map((x) => x.s.id);
}

describe('SiteIndex', () => {
  describe('right paths', () => {
    it('finds the same candidates as a brute-force scan, in the same order', () => {
      const sites = randomSites(3000, 1);
      const index = new SiteIndex(sites);
      const queries = randomSites(300, 2).map((q) => q.location);
      for (const q of queries) expect(index.candidates(q).map((s) => s.id)).toEqual(bruteForce(sites, q));
    });

    it('honours k and an explicit radius', () => {
      const sites = randomSites(2000, 3);
      const index = new SiteIndex(sites);
      const q = { lon: 1.44, lat: 44.45 };
      expect(index.candidates(q, { k: 12, radiusKm: 0 }).map((s) => s.id)).toEqual(bruteForce(sites, q, 12, 0));
      expect(index.candidates(q, { k: 1, radiusKm: 80 }).map((s) => s.id)).toEqual(bruteForce(sites, q, 1, 80));
      expect(index.candidates(q, { k: 1, radiusKm: 80 }).length).toBeGreaterThan(12);
    });

    it('keeps sites beyond the k nearest when they are within the nearest distance × 1.5 + 5 km', () => {
      const origin = { lon: 1.44, lat: 44.45 };
      // Due north: 10 km (nearest), then 15 km... up to 20 km (= 10 × 1.5 + 5), then 21 km.
      const north = (km: number) => ({ lon: origin.lon, lat: origin.lat + km / 111.195 });
      const sites = [10, 11, 12, 13, 14, 19.9, 21].map((km, i) => ({ id: `s${i}`, location: north(km) }));
      const ids = new SiteIndex(sites).candidates(origin).map((s) => s.id);
      expect(ids).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
    });

    it('returns every site when there are fewer than k, nearest first', () => {
      const index = new SiteIndex([
        { id: 'far', location: { lon: 2, lat: 45 } },
        { id: 'near', location: { lon: 1.45, lat: 44.46 } },
      ]);
      expect(index.size).toBe(2);
      expect(index.candidates({ lon: 1.44, lat: 44.45 }).map((s) => s.id)).toEqual(['near', 'far']);
    });

    it('works overseas and across the antimeridian, where no projection of France would', () => {
      const sites = [
        { id: 'reunion', location: { lon: 55.45, lat: -20.88 } },
        { id: 'fiji-east', location: { lon: -179.9, lat: -17 } },
        { id: 'fiji-west', location: { lon: 179.0, lat: -17 } },
      ];
      const index = new SiteIndex(sites);
      expect(index.candidates({ lon: 179.95, lat: -17 }, { k: 1, radiusKm: 0 }).map((s) => s.id)).toEqual(['fiji-east']);
      expect(index.candidates({ lon: 55.5, lat: -21 }, { k: 1, radiusKm: 0 }).map((s) => s.id)).toEqual(['reunion']);
    });

    it('does not reorder or change the caller’s array', () => {
      const sites = randomSites(50, 4);
      const copy = JSON.parse(JSON.stringify(sites));
      new SiteIndex(sites).candidates({ lon: 2, lat: 46 });
      expect(sites).toEqual(copy);
    });
  });

  describe('edge cases', () => {
    it('answers no candidates when there is no site', () => {
      const index = new SiteIndex([]);
      expect(index.size).toBe(0);
      expect(index.candidates({ lon: 1.44, lat: 44.45 })).toEqual([]);
    });

    it('keeps sites sharing the same point', () => {
      const same = { lon: 1.5, lat: 44.5 };
      const index = new SiteIndex(Array.from({ length: 20 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, location: same })));
      expect(index.candidates({ lon: 1.5, lat: 44.6 })).toHaveLength(20);
    });
  });
});
