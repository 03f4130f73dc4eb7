import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as location from 'aws-cdk-lib/aws-location';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { REASONS, acknowledge } from '../compliance';

/**
 * Amazon Location Service resources of a stage: the map style the SPA draws with MapLibre, the
 * place index the directory geocodes addresses with, and the route calculator behind travel
 * times (nearest site, coverage).
 *
 * HERE for all three: good coverage of rural France (addresses of hamlets, small roads), and
 * its route matrices are large enough for a coverage computation (up to 350 departures ×
 * 350 destinations per CalculateRouteMatrix call).
 */
export class LocationResources extends Construct {
  readonly mapName: string;
  readonly mapArn: string;
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
      // Not the default "SingleUse": its terms forbid keeping results, and the directory stores
      // the coordinates it gets back with each site (and places communes with them). "Storage"
      // is the intended use that allows it (billed at the stored-geocoding rate; HERE allows it
      // everywhere except Japan).
      dataSourceConfiguration: { intendedUse: 'Storage' },
    });
    this.routeCalculator = new location.CfnRouteCalculator(this, 'RouteCalculator', {
      calculatorName: `${prefix}-routes`,
      description: 'Temps de trajet vers les lieux d’accueil (couverture, lieu le plus proche)',
      dataSource: 'Here',
    });

    this.mapName = map.mapName;
    this.mapArn = map.attrArn;
    this.placeIndexName = this.placeIndex.indexName;
    this.routeCalculatorName = this.routeCalculator.calculatorName;
  }

  /**
   * What a function whose manifest says `needs.location` may do: geocode (text → position) and
   * reverse-geocode (position → commune) on the place index, and compute routes and route
   * matrices on the route calculator. Nothing else: no suggestions, no GetPlace, no map, no
   * resource management.
   */
  /** Geocoding, and routing unless `routes: false` (public routes: issue 18, point 3). */
  statements(options: { routes?: boolean } = {}): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        sid: 'LocationGeocoding',
        actions: ['geo:SearchPlaceIndexForText', 'geo:SearchPlaceIndexForPosition'],
        resources: [this.placeIndex.attrArn],
      }),
      ...(options.routes === false
        ? []
        : [
            new iam.PolicyStatement({
              sid: 'LocationRoutes',
              actions: ['geo:CalculateRoute', 'geo:CalculateRouteMatrix'],
              resources: [this.routeCalculator.attrArn],
            }),
          ]),
    ];
  }
}

export interface MapBrowserKeyProps {
  map: LocationResources;
  /** Origins (`https://host`) whose pages may use the key: the SPA's CloudFront and custom domains. */
  origins: string[];
  /** Log group of the deployment-time lookup of the key's value (encrypted, with retention). */
  logGroup: logs.ILogGroup;
}

/**
 * The browser's credential for the map: an Amazon Location API key that can only render the
 * stage's map (`geo:GetMap*`: style, tiles, glyphs, sprites), only from pages of the SPA's
 * domains (Referer). Anyone can read it in /config.json, by design: it is a publishable key, the
 * restrictions are the protection. Nothing personal is reachable with it.
 *
 * CloudFormation does not return a key's value, so a deployment-time custom resource reads it
 * with `DescribeKey` (allowed on this key only) and `styleUrl` carries it to /config.json.
 */
export class MapBrowserKey extends Construct {
  readonly key: location.CfnAPIKey;
  /** MapLibre style URL of the map, `?key=` included (a deploy-time token). */
  readonly styleUrl: string;

  constructor(scope: Construct, id: string, props: MapBrowserKeyProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.key = new location.CfnAPIKey(this, 'Key', {
      // Renaming the key rotates it: CloudFormation creates the new key, the lookup below reads
      // it, /config.json is redeployed, then the old key is deleted.
      keyName: `${props.map.mapName}-browser`,
      description: 'Clé navigateur de la carte Relais : affichage de la carte seulement, depuis le domaine du SPA',
      restrictions: {
        // "geo:GetMap*" is the only accepted spelling of "render this map" for API keys.
        allowActions: ['geo:GetMap*'],
        allowResources: [props.map.mapArn],
        // Browsers send the SPA's origin as Referer (the SPA's Referrer-Policy is strict-origin).
        allowReferers: props.origins.map((origin) => `${origin}/*`),
      },
      // No expiry (instead of an ExpireTime): a date written in the template would switch the map
      // off on that day, silently, until someone redeploys. What the key can do is already
      // narrow (render one map, from our domains) and its value is public by nature; rotation is
      // a rename (above), and revocation an UpdateKey/DeleteKey.
      noExpiry: true,
      // Amazon Location refuses to change the restrictions of a key used in the last 7 days unless
      // forced: without this, adding a custom domain to the referers would fail the deployment.
      forceUpdate: true,
      // A key that has not expired can only be deleted by force: without this, rotating the key
      // (replacement) or deleting the stack would fail.
      forceDelete: true,
    });

    const lookup = new cr.AwsCustomResource(this, 'Value', {
      resourceType: 'Custom::RelaisMapKeyValue',
      // onCreate defaults to onUpdate. The key name is a parameter, so a rotated key is read again.
      onUpdate: {
        service: '@aws-sdk/client-location',
        action: 'DescribeKey',
        parameters: { KeyName: this.key.ref },
        physicalResourceId: cr.PhysicalResourceId.of(this.key.attrArn),
        // Only the value goes back to CloudFormation, and it is not written to the logs.
        outputPaths: ['Key'],
        logging: cr.Logging.withDataHidden(),
      },
      // Least privilege, written out: DescribeKey on this one key (the IAM prefix is geo:).
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['geo:DescribeKey'], resources: [this.key.attrArn] }),
      ]),
      // The runtime's AWS SDK has DescribeKey: no download from npm at deployment time.
      installLatestAwsSdk: false,
      // Our encrypted log group with a retention, instead of one Lambda would create without either.
      logGroup: props.logGroup,
    });
    acknowledge(
      lookup,
      'HIPAA.Security-IAMNoInlinePolicy',
      'AwsCustomResource attaches the policy given above (geo:DescribeKey on this one key) inline to its own ' +
        'deployment-time handler role; it is written for that role alone and deleted with it.',
    );
    acknowledgeAwsCustomResourceProvider(this);

    const keyValue = lookup.getResponseField('Key');
    this.styleUrl = `https://maps.geo.${region}.amazonaws.com/maps/v0/maps/${props.map.mapName}/style-descriptor?key=${keyValue}`;
  }
}

/**
 * AwsCustomResource runs one CDK-managed Lambda per stack (a singleton at the stack's root) with
 * its own role. It runs at deployment time only and holds no data access beyond DescribeKey.
 */
function acknowledgeAwsCustomResourceProvider(scope: Construct): void {
  const stack = Stack.of(scope);
  const provider = stack.node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
  if (!provider) return;
  acknowledge(provider, 'HIPAA.Security-LambdaInsideVPC', REASONS.lambdaOutsideVpc);
  acknowledge(
    provider,
    'HIPAA.Security-LambdaConcurrency',
    'Runs only during a CloudFormation deployment, one invocation per custom resource change.',
  );
  acknowledge(
    provider,
    'HIPAA.Security-LambdaDLQ',
    'Invoked by CloudFormation as a custom resource: a failure fails the deployment, which is the right signal.',
  );
  acknowledge(
    provider,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The CDK-managed custom resource handler writes its logs with the basic execution role; its only other ' +
      'permission is geo:DescribeKey on the map key.',
  );
}
