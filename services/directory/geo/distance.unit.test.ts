import { EARTH_RADIUS_KM, haversineKm, round1 } from './distance';

describe('haversineKm', () => {
  it('measures one degree of latitude along a meridian as πR/180', () => {
    expect(haversineKm({ lon: 1.44, lat: 44 }, { lon: 1.44, lat: 45 })).toBeCloseTo((Math.PI * EARTH_RADIUS_KM) / 180, 6);
  });

  it('shrinks a degree of longitude with the cosine of the latitude', () => {
    const atEquator = haversineKm({ lon: 0, lat: 0 }, { lon: 1, lat: 0 });
    const at60 = haversineKm({ lon: 0, lat: 60 }, { lon: 1, lat: 60 });
    expect(at60 / atEquator).toBeCloseTo(0.5, 3);
  });

  it('is zero between a point and itself and symmetric', () => {
    const cahors = { lon: 1.4421, lat: 44.4475 };
    const figeac = { lon: 2.0318, lat: 44.6086 };
    expect(haversineKm(cahors, cahors)).toBe(0);
    expect(haversineKm(cahors, figeac)).toBeCloseTo(haversineKm(figeac, cahors), 9);
    // Cahors–Figeac, about 50 km as the crow flies.
    expect(haversineKm(cahors, figeac)).toBeGreaterThan(48);
    expect(haversineKm(cahors, figeac)).toBeLessThan(51);
  });

  it('gives half the circumference between antipodes', () => {
    expect(haversineKm({ lon: 0, lat: 0 }, { lon: 180, lat: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });
});

describe('round1', () => {
  it('rounds to one decimal', () => {
    expect(round1(12.345)).toBe(12.3);
    expect(round1(12.35)).toBe(12.4);
    expect(round1(7)).toBe(7);
  });
});
