import { Duration, Fn } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from '../functions/origin-check';

/** Query parameters of the public routes that change the answer: the cache key is made of them only. */
export const PUBLIC_CACHE_QUERY = ['commune', 'limit', 'theme', 'q', 'lat', 'lon'] as const;
/** Decimals kept of `lat`/`lon` (0.01° ≈ 1 km): nearby points share a cache entry. */
export const COORDINATE_DECIMALS = 2;

export interface ApiFrontProps {
  stage: string;
  distribution: cloudfront.Distribution;
  /** The HTTP API's execute-api URL (`https://<id>.execute-api.<region>.amazonaws.com/`). */
  apiUrl: string;
  /** The stage's web ACL (edge stack, us-east-1). */
  webAclArn: string;
  /**
   * The origin secret (stateful stack, ADR 0045): sent to the API in the ORIGIN_HEADER of every
   * request, which the public routes' authorizer requires. The template holds a dynamic reference.
   */
  originSecret?: secretsmanager.ISecret;
}

/**
 * The API behind the SPA's distribution (issue 18, point 3): `/api/public/*` cached, keyed on the
 * commune (and coordinates rounded at the edge), `/api/*` passed through uncached with every
 * viewer header but Host; the distribution carries the stage's web ACL (rate-based rules). The
 * SPA calls the API on its own origin.
 */
export class ApiFront extends Construct {
  readonly publicCachePolicy: cloudfront.CachePolicy;

  constructor(scope: Construct, id: string, props: ApiFrontProps) {
    super(scope, id);
    // https://<id>.execute-api.<region>.amazonaws.com/ → <id>.execute-api.<region>.amazonaws.com
    const apiDomain = Fn.select(2, Fn.split('/', props.apiUrl));
    const origin = new origins.HttpOrigin(apiDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      // {{resolve:secretsmanager:…}}, resolved by CloudFormation at deploy time: never the value in the template.
      customHeaders: props.originSecret ? { [ORIGIN_HEADER]: props.originSecret.secretValue.unsafeUnwrap() } : undefined,
    });

    this.publicCachePolicy = new cloudfront.CachePolicy(this, 'PublicCache', {
      cachePolicyName: `relais-${props.stage}-public-api`,
      comment: 'Relais: public API answers, keyed on the commune (and rounded coordinates)',
      // Opening hours ("open now") change on the hour: five minutes is fresh enough.
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.hours(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(...PUBLIC_CACHE_QUERY),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const roundCoordinates = new cloudfront.Function(this, 'RoundCoordinates', {
      comment: 'Relais: round lat/lon of public API calls, drop other parameters',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(roundCoordinatesCode()),
    });
    props.distribution.addBehavior('/api/public/*', origin, {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: this.publicCachePolicy,
      functionAssociations: [{ function: roundCoordinates, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    });
    props.distribution.addBehavior('/api/*', origin, {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    props.distribution.attachWebAclId(props.webAclArn);
  }
}

/**
 * CloudFront Functions (JS 2.0) code: `lat`/`lon` rounded to COORDINATE_DECIMALS, parameters
 * outside PUBLIC_CACHE_QUERY dropped, so that neither the cache key nor the origin sees them.
 */
export function roundCoordinatesCode(): string {
  return `function handler(event) {
  var request = event.request;
  var keep = ${JSON.stringify(PUBLIC_CACHE_QUERY)};
  var out = {};
  for (var name in request.querystring) {
    if (keep.indexOf(name) < 0) continue;
    var entry = request.querystring[name];
    if ((name === 'lat' || name === 'lon') && entry.value !== undefined) {
      var n = Number(entry.value);
      out[name] = { value: isFinite(n) ? n.toFixed(${COORDINATE_DECIMALS}) : entry.value };
    } else {
      out[name] = entry;
    }
  }
  request.querystring = out;
  return request;
}`;
}
