import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * AWS X-Ray through Powertools Tracer (ADR 0020): every AWS SDK client of the services is
 * captured (`traceClient`), and each handler invocation is one subsegment `## <service>.<handler>`
 * annotated with its service and whether it failed (the error's name, never its message). Outside
 * Lambda (the local stack, tests) it is a no-op and the X-Ray SDK is not even loaded.
 */
let tracer: Tracer | undefined | null;

function lambdaTracer(): Tracer | undefined {
  if (tracer === undefined) {
    if (!process.env.AWS_LAMBDA_FUNCTION_NAME) {
      tracer = null;
    } else {
      const { Tracer: PowertoolsTracer } = require('@aws-lambda-powertools/tracer') as typeof import('@aws-lambda-powertools/tracer');
      tracer = new PowertoolsTracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'relais', captureHTTPsRequests: false });
    }
  }
  return tracer ?? undefined;
}

/** An AWS SDK v3 client, traced on AWS (each call a subsegment); the client itself elsewhere. */
export function traceClient<T>(client: T): T {
  const t = lambdaTracer();
  return t ? t.captureAWSv3Client(client) : client;
}

/** Run one handler invocation in its own subsegment. */
export async function traceHandler<T>(service: string, name: string, fn: () => Promise<T>): Promise<T> {
  const t = lambdaTracer();
  if (!t) return fn();
  const parent = t.getSegment();
  const segment = parent?.addNewSubsegment(`## ${service}.${name}`);
  if (segment) t.setSegment(segment);
  try {
    t.annotateColdStart();
    t.putAnnotation('service', service);
    return await fn();
  } catch (error) {
    t.putAnnotation('errorName', (error as Error)?.name ?? 'Error');
    throw error;
  } finally {
    segment?.close();
    if (parent) t.setSegment(parent);
  }
}
