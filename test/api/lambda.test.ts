import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaClientAddress, lambdaHandlerFor } from '../../functions/api/lambda.js';
import { startTestApi, type TestApi } from '../support/api.js';

type RestEvent = Exclude<LambdaEvent, { version: '2.0' }>;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** An API Gateway REST API (v1) proxy event, as the Lambda integration delivers it. */
function restEvent(
  method: string,
  path: string,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): RestEvent {
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { 'X-Auth-Token': api.token, ...options.headers },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      httpMethod: method,
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'req-1',
      requestTimeEpoch: Date.now(),
      resourceId: 'r1',
      resourcePath: '/{proxy+}',
      stage: 'prod',
      identity: { sourceIp: '198.51.100.7', userAgent: 'fuelclient' },
    },
  } as unknown as RestEvent;
}

const context = { awsRequestId: 'aws-1', functionName: 'fuel-api' } as unknown as LambdaContext;

describe('the Lambda entry point', () => {
  it('serves a REST API proxy event through the same app', async () => {
    const handler = lambdaHandlerFor(api.app);

    const res = await handler(restEvent('GET', '/api/v1/releases/'), context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)[0].version).toBe('newton-10.0');
    const headers: Record<string, unknown> = {
      ...(res.headers ?? {}),
      ...(res.multiValueHeaders ?? {}),
    };
    expect(String(headers['content-type'])).toContain('json');
    expect(headers['x-request-id']).toBeDefined();
  });

  it('carries bodies, query strings and error answers', async () => {
    const handler = lambdaHandlerFor(api.app);

    const created = await handler(
      restEvent('POST', '/api/v1/releases', {
        body: { name: 'Lambda', version: 'x-1', operating_system: 'Ubuntu' },
      }),
      context,
    );
    const rejected = await handler(restEvent('POST', '/api/v1/releases', { body: {} }), context);
    const noToken = await handler(
      restEvent('GET', '/api/v1/version', { headers: { 'X-Auth-Token': '' } }),
      context,
    );

    expect(created.statusCode).toBe(201);
    expect(rejected.statusCode).toBe(400);
    expect(JSON.parse(rejected.body).message).toBe('No release name specified');
    expect(noToken.statusCode).toBe(401);
  });

  it('reads the caller address from the API Gateway identity', () => {
    const event = restEvent('GET', '/api/v1/version');

    const address = lambdaClientAddress(new Request('http://x/'), { event });

    expect(address).toBe('198.51.100.7');
  });
});
