import { CfnOutput } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

export interface FuelRestApiProps {
  name: string;
  handler: lambda.IFunction;
  /** Steady requests per second, and the burst above it, before API Gateway answers 429. */
  rateLimit: number;
  burstLimit: number;
  /** Serves the API at the root of this domain as well. */
  domain?: { name: string; certificateArn: string };
}

/**
 * The REST API (v1 proxy events, what `functions/api/lambda.ts` reads) in front of the Hono
 * function: every path and method goes to the app, which authenticates each request itself
 * (Keystone-style `X-Auth-Token` for operators, a site's bearer credential for the agent
 * routes). The stage throttles, logs every request as JSON and traces with X-Ray.
 */
export class FuelRestApi extends Construct {
  readonly api: apigw.LambdaRestApi;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FuelRestApiProps) {
    super(scope, id);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    this.api = new apigw.LambdaRestApi(this, 'Api', {
      restApiName: props.name,
      description: 'Nailgun v1 API of Fuel Serverless',
      handler: props.handler,
      proxy: true,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The account-wide CloudWatch role is a per-region singleton this app must not own.
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
        metricsEnabled: true,
      },
    });
    if (props.domain) this.addDomain(props.domain);
    acknowledgeApiFindings(this.api);
  }

  /** The custom domain, mapped at its root; DNS gets a CNAME to the output's target. */
  private addDomain(domain: { name: string; certificateArn: string }): void {
    const name = this.api.addDomainName('Domain', {
      domainName: domain.name,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    new CfnOutput(this, 'DomainTarget', { value: name.domainNameAliasDomainName });
  }
}

function acknowledgeApiFindings(api: apigw.RestApi): void {
  const appAuth =
    'The app authenticates every route itself: operators with Keystone-style tokens that ' +
    'fuel2 sends as X-Auth-Token, relays with their site credential; an API Gateway ' +
    'authorizer would duplicate that check in a second function on every request.';
  acknowledge(api, 'APIG4', appAuth);
  acknowledge(api, 'COG4', appAuth);
  acknowledge(
    api,
    'APIG2',
    "The app validates every body with zod and answers with Nailgun's error texts, which " +
      'fuel2 and nailgun-agent rely on; a gateway validator would answer differently.',
  );
  acknowledge(
    api,
    'APIG3',
    'No WAF by default: the stage throttles, and the app rejects unauthenticated calls before ' +
      'any work. Attach a web ACL to the stage where the API faces the internet at large.',
  );
  acknowledge(
    api,
    'APIG6',
    'Execution logging needs the account-wide API Gateway CloudWatch role (a per-region ' +
      'singleton); access logs record every request, and the function logs each one.',
  );
}
