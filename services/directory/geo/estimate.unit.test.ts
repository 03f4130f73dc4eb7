import { haversineKm } from './distance';
import {
  ACCESS_MINUTES,
  EstimatedTravelTimes,
  estimateLeg,
  OPEN_ROAD_SPEED_KMH,
  ROAD_DETOUR_FACTOR,
  TOWN_ROAD_KM,
  TOWN_SPEED_KMH,
} from './estimate';

const cahors = { lon: 1.4421, lat: 44.4475 };
/** A point `km` due north of Cahors. */
const north = (km: number) => ({ lon: cahors.lon, lat: cahors.lat + km / 111.195 });

describe('estimateLeg', () => {
  it('uses the documented constants', () => {
    expect({ ROAD_DETOUR_FACTOR, TOWN_ROAD_KM, TOWN_SPEED_KMH, OPEN_ROAD_SPEED_KMH, ACCESS_MINUTES }).toEqual({
      ROAD_DETOUR_FACTOR: 1.3,
      TOWN_ROAD_KM: 2,
      TOWN_SPEED_KMH: 40,
      OPEN_ROAD_SPEED_KMH: 65,
      ACCESS_MINUTES: 2,
    });
  });

  it('costs only the access time for the same point', () => {
    expect(estimateLeg(cahors, cahors)).toEqual({ minutes: 2, km: 0 });
  });

  it('drives the first road kilometres at town speed', () => {
    // 1 km straight → 1.3 road km at 40 km/h = 1.95 min, + 2 min.
    expect(estimateLeg(cahors, north(1))).toEqual({ minutes: 4, km: 1.3 });
  });

  it('drives the rest at open-road speed', () => {
    // 20 km straight → 26 road km: 2 km at 40 km/h (3 min) + 24 km at 65 km/h (22.15 min) + 2 min.
    expect(estimateLeg(cahors, north(20))).toEqual({ minutes: 27.2, km: 26 });
  });

  it('puts the 30-minute limit at about 22 km as the crow flies', () => {
    expect(estimateLeg(cahors, north(22)).minutes).toBeLessThanOrEqual(30);
    expect(estimateLeg(cahors, north(23)).minutes).toBeGreaterThan(30);
  });

  it('rounds minutes and kilometres to one decimal', () => {
    const leg = estimateLeg(cahors, { lon: 1.83, lat: 44.6 });
    expect(leg.minutes * 10).toBe(Math.round(leg.minutes * 10));
    expect(leg.km).toBeCloseTo(haversineKm(cahors, { lon: 1.83, lat: 44.6 }) * 1.3, 1);
  });
});

describe('EstimatedTravelTimes', () => {
  it('answers every candidate of every request, keyed by origin', async () => {
    const travel = new EstimatedTravelTimes();
    expect(travel.method).toBe('estimate');
    const legs = await travel.legs([
      {
        originId: '46042',
        origin: cahors,
        candidates: [
          { id: 'a', location: north(1) },
          { id: 'b', location: north(20) },
        ],
      },
      { originId: '46102', origin: north(20), candidates: [] },
    ]);
    expect(legs.get('46042')).toEqual([
      { siteId: 'a', minutes: 4, km: 1.3 },
      { siteId: 'b', minutes: 27.2, km: 26 },
    ]);
    expect(legs.get('46102')).toEqual([]);
    expect(legs.size).toBe(2);
  });
});
