import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { REASONS, acknowledge } from '../compliance';

/**
 * The public map page (issue: a page without sign-in that the département's website embeds in
 * an iframe). It is the SPA's own index.html: the SPA renders the public map when
 * `location.pathname` starts with this path.
 */
export const PUBLIC_MAP_PATH = '/carte';

/**
 * « Mon espace », the person's own space (issue 15, ADR 0036): a real path, the SPA's index.html
 * (web/src/main.tsx renders her application there), with the SPA's own headers (never framed).
 */
export const MON_ESPACE_PATH = '/mon-espace';

/** Where Cognito sends the browser back after sign-in (web/src/auth/auth-context.tsx): index.html. */
export const SIGN_IN_CALLBACK_PATH = '/auth/callback';

/** The files of web/dist that keep their name from one build to the next: revalidated at every load. */
export const UNHASHED_FILES = ['index.html', 'config.json', '404.html', 'robots.txt', 'favicon.svg'];

export interface SpaProps {
  stage: string;
  /** `connect-src` origins besides 'self' (API, Cognito domain, Amazon Location). */
  connectSources: string[];
  /** `img-src` origins besides 'self', data: and blob: (the Amazon Location maps host: sprites, tiles). */
  imageSources: string[];
  /** Origins allowed to frame the public map page, besides the SPA itself; none by default. */
  publicMapEmbedOrigins?: string[];
  /** The built SPA (web/dist), or undefined to create the hosting without deploying files. */
  assetsDir?: string;
  /** Log group of the deployment custom resource (encrypted, with retention). */
  deploymentLogGroup: logs.ILogGroup;
  /** A custom domain and its us-east-1 ACM certificate, if the stage has one. */
  domainName?: string;
  certificateArn?: string;
}

/**
 * The SPA: a private, encrypted S3 bucket served only through CloudFront (origin access
 * control), with security headers on every response and client-side routes falling back to
 * index.html. Every page refuses to be framed, except the public map page (`/carte`), which
 * the origins of `publicMapEmbedOrigins` may embed.
 */
export class Spa extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  readonly logsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SpaProps) {
    super(scope, id);

    this.logsBucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logs and CloudFront standard logs can only be delivered to a bucket
      // encrypted with S3-managed keys (SSE-KMS is not supported as their destination).
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logging writes its files with an ACL granting the bucket owner.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // Access logs hold IP addresses: keep six months (CNIL's usual advice for access logs).
      lifecycleRules: [{ expiration: Duration.days(180), noncurrentVersionExpiration: Duration.days(7) }],
    });
    acknowledge(
      this.logsBucket,
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'S3 server access logs and CloudFront standard logs cannot be delivered to an SSE-KMS bucket; SSE-S3 is the ' +
        'strongest encryption AWS supports for this destination. It holds request logs, never personal records.',
    );
    acknowledge(
      this.logsBucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Request logs kept for investigation only; losing a region would lose the service they describe as well, ' +
        'so a cross-region copy would protect nothing useful.',
    );

    const key = new kms.Key(this, 'AssetsKey', {
      description: `Relais ${props.stage}: encrypts the SPA bucket`,
      enableKeyRotation: true,
    });
    this.bucket = new s3.Bucket(this, 'Assets', {
      // SECURITY.md: customer-managed key for every bucket. CloudFront reads through OAC, which
      // is granted decrypt on this key (and only this key) by the origin below.
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // A bad deployment can be rolled back object by object.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'spa-bucket/',
    });
    acknowledge(
      this.bucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'The bucket holds build output (HTML, JS, CSS) reproducible from the repository at any time; it holds no ' +
        'data, so a replica would protect nothing a redeployment does not.',
    );

    const csp = { connectSources: props.connectSources, imageSources: props.imageSources };
    const headers = securityHeaders(this, 'SecurityHeaders', {
      comment: `Relais ${props.stage}: security headers of the SPA`,
      contentSecurityPolicy: contentSecurityPolicy({ ...csp, frameAncestors: ["'none'"] }),
      // Legacy browsers that ignore CSP frame-ancestors still refuse to frame the SPA.
      denyFraming: true,
    });
    // The public map page: the same headers, except that the listed origins may frame it. No
    // X-Frame-Options there: it cannot name an origin (only DENY or SAMEORIGIN; ALLOW-FROM is
    // obsolete), and every browser that honours CSP frame-ancestors ignores it anyway.
    const publicMapHeaders = securityHeaders(this, 'PublicMapHeaders', {
      comment: `Relais ${props.stage}: security headers of the public map (embeddable)`,
      contentSecurityPolicy: contentSecurityPolicy({ ...csp, frameAncestors: ["'self'", ...(props.publicMapEmbedOrigins ?? [])] }),
      denyFraming: false,
    });
    // `/carte` is not an object of the bucket. Without this rewrite S3 answers 403 and the
    // distribution's error response would substitute index.html: a 200 the viewer gets, but
    // built by the error path rather than by this behaviour. Rewriting the URI at the viewer
    // request (before the cache and the origin) fetches index.html itself, through this
    // behaviour and its headers.
    const publicMapIndex = new cloudfront.Function(this, 'PublicMapIndex', {
      comment: `Relais ${props.stage}: ${PUBLIC_MAP_PATH}, ${PUBLIC_MAP_PATH}/* and ${SIGN_IN_CALLBACK_PATH} serve the SPA's index.html`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(PUBLIC_MAP_REWRITE),
    });

    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    // One origin object for every behaviour: one origin and one origin access control.
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const publicMap: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: publicMapHeaders,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      functionAssociations: [{ function: publicMapIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Relais ${props.stage}`,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      // Both patterns: `/carte/*` does not match `/carte` itself, and `/carte*` would also
      // match `/cartes…`, which is not the public map.
      // Cognito's redirect after sign-in is the other real path of the SPA (every other page is a
      // hash route): the same rewrite to index.html, with the SPA's own headers.
      additionalBehaviors: {
        [PUBLIC_MAP_PATH]: publicMap,
        [`${PUBLIC_MAP_PATH}/*`]: publicMap,
        [SIGN_IN_CALLBACK_PATH]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: headers,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          functionAssociations: [{ function: publicMapIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
        // The person's space: the same rewrite, the SPA's headers. `/mon-espace` only (its pages
        // are hash routes); `/mon-espace/…` stays a 404 like any other path.
        [MON_ESPACE_PATH]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: headers,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          functionAssociations: [{ function: publicMapIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
      },
      defaultRootObject: 'index.html',
      // The SPA's pages are hash routes (/#/personnes/…): any other path that is not an object is
      // nothing. S3 answers 403 (no ListBucket) or 404, and the viewer gets the French 404 page
      // (web/public/404.html) with a real 404, not the application with a 200.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: '/404.html',
        ttl: Duration.seconds(60),
      })),
      domainNames: props.domainName && certificate ? [props.domainName] : undefined,
      certificate,
      // Only possible with a custom certificate (the default *.cloudfront.net one is fixed).
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // The users are in France: edge locations in Europe and North America are enough.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: the users are French social workers and partners who may travel or work from overseas ' +
        'départements, and the public map is for anyone; staff routes are authenticated and authorised, public ' +
        'routes serve no personal data and are rate-limited by the web ACL.',
    );
    if (!certificate) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Until the stage has its own domain (context relais:spaDomain + relais:spaCertificateArn) it is served on the ' +
          'default *.cloudfront.net certificate, whose policy CloudFront fixes; browsers negotiate TLS 1.2+ anyway.',
      );
    }

    acknowledge(
      this,
      'Annotation::@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      'The key policy lets CloudFront distributions of this account (not one distribution: that would be a ' +
        'creation cycle) decrypt through S3; the key encrypts only this bucket of public build output.',
    );
    this.props = props;
  }

  private readonly props: SpaProps;

  /**
   * Deploy the built SPA, if there is one, with /config.json telling it where the API and the
   * identity provider are (deploy-time values). Hashed assets (`/assets/*-<hash>.*`) are
   * immutable and cached for a year; the files that keep their name (index.html, config.json,
   * 404.html, robots.txt, the icon) are revalidated on every load, so a deployment shows at once.
   * CloudFront compresses (brotli or gzip, per Accept-Encoding): every behaviour has
   * `compress` on (the CDK default) and CACHING_OPTIMIZED keys the cache by the accepted coding.
   */
  deploy(runtimeConfig: Record<string, string | Record<string, string>>): void {
    const props = this.props;
    if (!props.assetsDir) return;
    const immutable = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(props.assetsDir!)],
      destinationBucket: this.bucket,
      exclude: UNHASHED_FILES,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      logGroup: props.deploymentLogGroup,
      // The default 128 MB is slow to unzip a bundle with map styles and fonts.
      memoryLimit: 512,
    });
    const entry = new s3deploy.BucketDeployment(this, 'DeployEntry', {
      sources: [s3deploy.Source.asset(props.assetsDir!), s3deploy.Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: UNHASHED_FILES,
      // The first deployment owns the other files: do not delete them.
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      // The public map's cached copies of index.html too, whichever URI CloudFront keyed them by.
      distributionPaths: [...UNHASHED_FILES.map((file) => `/${file}`), `${PUBLIC_MAP_PATH}*`],
      logGroup: props.deploymentLogGroup,
      memoryLimit: 512,
    });
    entry.node.addDependency(immutable);
    acknowledgeBucketDeployment(this, this.bucket);
  }
}

/** The viewer-request function of the public map behaviours (CloudFront Functions, JS 2.0). */
const PUBLIC_MAP_REWRITE = `function handler(event) {
  var request = event.request;
  request.uri = '/index.html';
  return request;
}`;

interface CspSources {
  connectSources: string[];
  imageSources: string[];
  frameAncestors: string[];
}

function contentSecurityPolicy({ connectSources, imageSources, frameAncestors }: CspSources): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // MapLibre draws the map's sprites and raster images from the maps host, then from blob: URLs.
    `img-src 'self' data: blob: ${imageSources.join(' ')}`.trim(),
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    // MapLibre GL runs its tile parsing in workers created from blob: URLs.
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
    'upgrade-insecure-requests',
  ].join('; ');
}

/** The security headers every page of the SPA gets; only the framing rules differ between policies. */
function securityHeaders(
  scope: Construct,
  id: string,
  options: { comment: string; contentSecurityPolicy: string; denyFraming: boolean },
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: options.comment,
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: options.contentSecurityPolicy, override: true },
      // Two years, subdomains included: the browser never tries plain HTTP again.
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      ...(options.denyFraming ? { frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true } } : {}),
      // URLs carry person ids: send only the origin, never the path, to other sites.
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN, override: true },
      // The legacy XSS auditor is disabled (`0`), as current guidance advises; CSP replaces it.
      xssProtection: { protection: false, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        // Location is used for "nearest site"; nothing else the browser offers is needed.
        { header: 'Permissions-Policy', value: 'camera=(), microphone=(), payment=(), usb=(), geolocation=(self)', override: true },
        { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
      ],
    },
  });
}

/**
 * BucketDeployment brings its own singleton Lambda (Python, AWS CLI layer) and role. It runs at
 * deployment time only, on our bucket only.
 */
function acknowledgeBucketDeployment(scope: Construct, bucket: s3.Bucket): void {
  const stack = Stack.of(scope);
  const placeholder = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? 'hnb659fds';
  const assetBucket = `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${placeholder(stack.account, 'AccountId')}-${placeholder(stack.region, 'Region')}/*`;
  const bucketLogicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  const wildcards = [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    'Action::kms:ReEncrypt*',
    'Action::kms:GenerateDataKey*',
    `Resource::${assetBucket}`,
    `Resource::<${bucketLogicalId}.Arn>/*`,
    // cloudfront:CreateInvalidation/GetInvalidation as granted by BucketDeployment.
    'Resource::*',
  ];
  const handlers = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  for (const handler of handlers) {
    acknowledge(handler, 'HIPAA.Security-LambdaInsideVPC', REASONS.lambdaOutsideVpc);
    acknowledge(
      handler,
      'HIPAA.Security-LambdaConcurrency',
      'Runs only during a CloudFormation deployment, one invocation per deployment.',
    );
    acknowledge(
      handler,
      'HIPAA.Security-LambdaDLQ',
      'Invoked by CloudFormation as a custom resource: a failure fails the deployment, which is the right signal.',
    );
    acknowledge(handler, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.inlinePolicies);
    acknowledge(
      handler,
      'AwsSolutions-L1',
      'The BucketDeployment handler and its runtime are chosen and updated by aws-cdk-lib, not by Relais.',
    );
    acknowledge(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The CDK-managed deployment handler writes its logs with the basic execution role; it holds no data access.',
    );
    for (const finding of wildcards) {
      acknowledge(
        handler,
        `AwsSolutions-IAM5[${finding}]`,
        'Granted by aws-cdk-lib BucketDeployment: copy the build from the CDK asset bucket into the SPA bucket (and ' +
          'prune old files), with its key, and invalidate the distribution. Deployment-time only; no personal data.',
      );
    }
  }
}
