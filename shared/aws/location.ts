import { type AwsMetadata, SignedClient, type SignedClientOptions } from './signed-request';

/**
 * Amazon Location's two operations the directory calls, on the small signed client (ADR 0059,
 * ADR 0063), instead of `@aws-sdk/client-location` (42 KB of schemas for the whole API in each
 * function that may call it). The classic API's resources: a place index and a route calculator.
 * REST-JSON, as the SDK sends them: `POST /places/v0/indexes/{IndexName}/search/text` on
 * `places.geo.<region>.amazonaws.com`, `POST /routes/v0/calculators/{CalculatorName}/calculate/route-matrix`
 * on `routes.geo.<region>.amazonaws.com`, signed for `geo`; the resource's name in the path, the
 * other fields as the JSON body. Inputs and outputs have the SDK commands' field names and shapes
 * (only the fields written here are typed); an error is an `AwsError` named as AWS names it
 * (`ResourceNotFoundException`, `ThrottlingException`, `ValidationException`,
 * `AccessDeniedException`…), with `$metadata`. A given endpoint (`AWS_ENDPOINT_URL_LOCATION`,
 * `AWS_ENDPOINT_URL`) is used as it is, without the `places.` / `routes.` prefix.
 */

/** [longitude, latitude], WGS 84. */
export type Position = number[];

export interface SearchPlaceIndexForTextInput {
  IndexName: string;
  Text: string;
  BiasPosition?: Position;
  /** [west, south, east, north]; not with `BiasPosition`. */
  FilterBBox?: number[];
  /** ISO 3166 alpha-3 codes (`FRA`). */
  FilterCountries?: string[];
  MaxResults?: number;
  Language?: string;
  /** The provider's place categories (`MunicipalityType`…). */
  FilterCategories?: string[];
}

export interface Place {
  Geometry: { Point?: Position };
  Label?: string;
  AddressNumber?: string;
  Street?: string;
  Municipality?: string;
  SubRegion?: string;
  Region?: string;
  Country?: string;
  PostalCode?: string;
  Categories?: string[];
}

export interface SearchForTextResult {
  Place: Place;
  Distance?: number;
  Relevance?: number;
  PlaceId?: string;
}

export interface SearchPlaceIndexForTextOutput {
  Summary?: { Text?: string; DataSource?: string; MaxResults?: number; ResultBBox?: number[] };
  Results?: SearchForTextResult[];
  $metadata: AwsMetadata;
}

export interface CalculateRouteMatrixInput {
  CalculatorName: string;
  DeparturePositions: Position[];
  DestinationPositions: Position[];
  TravelMode?: 'Car' | 'Truck' | 'Walking' | 'Bicycle' | 'Motorcycle';
  DistanceUnit?: 'Kilometers' | 'Miles';
  DepartNow?: boolean;
  CarModeOptions?: { AvoidFerries?: boolean; AvoidTolls?: boolean };
}

export interface RouteMatrixEntry {
  Distance?: number;
  DurationSeconds?: number;
  /** `RouteNotFound`, `RouteTooLong`, `PositionsNotFound`, `DestinationPositionNotFound`, `DeparturePositionNotFound`, `OtherValidationError`. */
  Error?: { Code: string; Message?: string };
}

export interface CalculateRouteMatrixOutput {
  /** One row per departure, one entry per destination, in the order asked. */
  RouteMatrix?: RouteMatrixEntry[][];
  Summary?: { DataSource?: string; RouteCount?: number; ErrorCount?: number; DistanceUnit?: string };
  SnappedDeparturePositions?: Position[];
  SnappedDestinationPositions?: Position[];
  $metadata: AwsMetadata;
}

/** One attempt's bound for a text search: a geocoder falls back on the commune's centre rather than wait. */
const SEARCH_TIMEOUT_MS = 5000;
/** One attempt's bound for a route matrix (350 × 350 routes at most): within a route's 10 s. */
const ROUTE_MATRIX_TIMEOUT_MS = 9000;

/** Path labels as the SDK encodes them (RFC 3986). */
const label = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export class LocationClient extends SignedClient {
  /** A bound given to the client holds for both operations (tests); otherwise each has its own. */
  private readonly timeoutMs?: number;

  constructor(options: Partial<SignedClientOptions> = {}) {
    super({ signingName: 'geo', serviceId: 'Location', endpointPrefix: 'geo', ...options });
    this.timeoutMs = options.timeoutMs;
  }

  async searchPlaceIndexForText(input: SearchPlaceIndexForTextInput): Promise<SearchPlaceIndexForTextOutput> {
    const { IndexName, ...body } = input;
    return this.post(
      'SearchPlaceIndexForText',
      input,
      'places.',
      `/places/v0/indexes/${label(IndexName)}/search/text`,
      body,
      SEARCH_TIMEOUT_MS,
    );
  }

  async calculateRouteMatrix(input: CalculateRouteMatrixInput): Promise<CalculateRouteMatrixOutput> {
    const { CalculatorName, ...body } = input;
    return this.post(
      'CalculateRouteMatrix',
      input,
      'routes.',
      `/routes/v0/calculators/${label(CalculatorName)}/calculate/route-matrix`,
      body,
      ROUTE_MATRIX_TIMEOUT_MS,
    );
  }

  private async post<O>(
    operation: string,
    input: object,
    hostPrefix: string,
    path: string,
    body: object,
    timeoutMs: number,
  ): Promise<O & { $metadata: AwsMetadata }> {
    const response = await this.send(operation, input as Record<string, unknown>, {
      method: 'POST',
      path,
      hostPrefix,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: this.timeoutMs ?? timeoutMs,
    });
    const text = response.body.toString('utf8');
    return { ...((text ? JSON.parse(text) : {}) as O), $metadata: response.$metadata };
  }
}
