import * as iam from 'aws-cdk-lib/aws-iam';
import * as location from 'aws-cdk-lib/aws-location';
import { Construct } from 'constructs';

/**
 * Amazon Location Service resources of a stage: the map style the SPA draws with MapLibre, the
 * place index the directory geocodes addresses with, and the route calculator behind travel
 * times (nearest site, coverage).
 *
 * HERE for all three: good coverage of rural France, and HERE allows the "Storage" use of
 * geocoding results, which the directory needs since it saves each site's coordinates (Esri's
 * "SingleUse" would forbid that).
 */
export class LocationResources extends Construct {
  readonly mapName: string;
  readonly placeIndexName: string;
  readonly routeCalculatorName: string;
  private readonly placeIndex: location.CfnPlaceIndex;
  private readonly routeCalculator: location.CfnRouteCalculator;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const prefix = `relais-${props.stage}`;

    const map = new location.CfnMap(this, 'Map', {
      mapName: `${prefix}-map`,
      description: 'Carte du réseau Relais (SPA, MapLibre GL)',
      // Readable street map with towns and roads, the context a reception point needs.
      configuration: { style: 'VectorHereExplore' },
    });
    this.placeIndex = new location.CfnPlaceIndex(this, 'PlaceIndex', {
      indexName: `${prefix}-places`,
      description: 'Géocodage des adresses des lieux d’accueil',
      dataSource: 'Here',
      // The directory stores the coordinates it gets back (see above).
      dataSourceConfiguration: { intendedUse: 'Storage' },
    });
    this.routeCalculator = new location.CfnRouteCalculator(this, 'RouteCalculator', {
      calculatorName: `${prefix}-routes`,
      description: 'Temps de trajet vers les lieux d’accueil (couverture, lieu le plus proche)',
      dataSource: 'Here',
    });

    this.mapName = map.mapName;
    this.placeIndexName = this.placeIndex.indexName;
    this.routeCalculatorName = this.routeCalculator.calculatorName;
  }

  /** What a function whose manifest says `needs.location` may do: search and route, nothing else. */
  statements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['geo:SearchPlaceIndexForText', 'geo:SearchPlaceIndexForPosition', 'geo:SearchPlaceIndexForSuggestions', 'geo:GetPlace'],
        resources: [this.placeIndex.attrArn],
      }),
      new iam.PolicyStatement({
        actions: ['geo:CalculateRoute', 'geo:CalculateRouteMatrix'],
        resources: [this.routeCalculator.attrArn],
      }),
    ];
  }
}
