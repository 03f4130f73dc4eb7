import { SignedClient, type SignedClientOptions } from './signed-request';

/**
 * Cognito user pools' API (AWS JSON 1.1: `POST /`, `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>`) on the small signed client (ADR 0059), instead
 * of `@aws-sdk/client-cognito-identity-provider` (150 KB). Inputs and outputs are the API's JSON
 * as documented (dates are epoch seconds); an error is an `AwsError` named as AWS names it
 * (`UserNotFoundException`, `UsernameExistsException`…).
 */
export class CognitoClient extends SignedClient {
  constructor(options: Partial<SignedClientOptions> = {}) {
    super({ signingName: 'cognito-idp', serviceId: 'Cognito Identity Provider', endpointPrefix: 'cognito-idp', ...options });
  }

  async call<O = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<O> {
    const response = await this.send(operation, input, {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(input),
    });
    const text = response.body.toString('utf8');
    return (text ? JSON.parse(text) : {}) as O;
  }
}
