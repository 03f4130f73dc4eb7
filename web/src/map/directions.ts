/**
 * How to get to a place from its page or its popup: OpenStreetMap's route planner in the browser,
 * and the device's own maps application through a `geo:` link (Android, many desktop apps).
 */
export interface Place {
  name: string;
  location: { lon: number; lat: number };
}

const coordinates = ({ location }: Place) => `${location.lat.toFixed(6)},${location.lon.toFixed(6)}`;

/** OpenStreetMap's directions to the place (the visitor types or allows where from). */
export const osmDirectionsHref = (place: Place): string =>
  `https://www.openstreetmap.org/directions?to=${encodeURIComponent(coordinates(place))}`;

/** The device's maps application, with the place's name as its label. */
export const geoHref = (place: Place): string => `geo:${coordinates(place)}?q=${coordinates(place)}(${encodeURIComponent(place.name)})`;
