import { type AwsMetadata, SignedClient, type SignedClientOptions } from './signed-request';

export interface InvokeOutput {
  /** The HTTP status Lambda answered (200 for a synchronous invocation that ran). */
  statusCode: number;
  /** `Unhandled` or `Handled` when the function failed (its error is then the payload). */
  functionError?: string;
  payload: Uint8Array;
  $metadata: AwsMetadata;
}

/**
 * Lambda's `Invoke` (REST-JSON: `POST /2015-03-31/functions/{name}/invocations`) on the small
 * signed client (ADR 0059), instead of `@aws-sdk/client-lambda` (131 KB). A function's failure
 * is not an error here, as with the SDK: `functionError` says it.
 */
export class LambdaInvoker extends SignedClient {
  constructor(options: Partial<SignedClientOptions> = {}) {
    super({ signingName: 'lambda', serviceId: 'Lambda', endpointPrefix: 'lambda', ...options });
  }

  async invoke(
    functionName: string,
    payload: Uint8Array | string,
    invocationType: 'RequestResponse' | 'Event' = 'RequestResponse',
  ): Promise<InvokeOutput> {
    const response = await this.send(
      'Invoke',
      { FunctionName: functionName, InvocationType: invocationType },
      {
        method: 'POST',
        path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
        headers: { 'content-type': 'application/octet-stream', 'x-amz-invocation-type': invocationType },
        body: payload,
      },
    );
    const functionError = response.headers['x-amz-function-error'];
    return {
      statusCode: response.status,
      ...(functionError ? { functionError } : {}),
      payload: new Uint8Array(response.body),
      $metadata: response.$metadata,
    };
  }
}
