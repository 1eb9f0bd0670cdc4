import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MACHINE_NAMES, type MachineName } from '../../../statemachines/contracts/execution.js';
import type { FuelConfig } from '../config.js';
import type { DatabaseAccess } from '../constructs/database-access.js';
import { FuelFunction } from '../constructs/fuel-function.js';
import { FuelRestApi } from '../constructs/fuel-rest-api.js';
import { machineName } from '../constructs/fuel-state-machines.js';
import { acknowledge } from '../constructs/nag.js';

export interface ApiStackProps extends StackProps {
  config: FuelConfig;
  /** The prefix the orchestration stack named its state machines with. */
  namePrefix: string;
  database: DatabaseAccess;
  /** The queue executions send their relay steps to (the app addresses one site). */
  siteQueue: sqs.IQueue;
  /**
   * The operator-token signing key; absent: generated and kept in the database. Read through
   * the secrets extension when the database access uses it, else resolved by CloudFormation
   * into the variable (LocalStack, whose free edition has no layers).
   */
  tokenSecret?: secretsmanager.ISecret;
}

/** What the API may do with executions, besides starting them. */
export const EXECUTION_ACTIONS = [
  'states:StopExecution',
  'states:DescribeExecution',
  'states:RedriveExecution',
] as const;

/**
 * The API: the Hono function behind a REST API. It starts, stops, redrives and describes
 * executions of the workflows, and nothing else in Step Functions; it knows the machines by
 * name (set by the orchestration stack), so this stack imports none of their attributes.
 */
export class ApiStack extends Stack {
  readonly function: FuelFunction;
  readonly restApi: FuelRestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, tokenSecret } = props;
    const machineArns = machineArnsOf(this, props.namePrefix);
    this.function = new FuelFunction(this, 'Api', {
      role: 'api',
      description: 'Nailgun v1 API (Hono)',
      database: props.database,
      memorySize: 1024,
      // API Gateway gives up on an integration after 29 s.
      timeout: Duration.seconds(29),
      environment: {
        FUEL_SITE_QUEUE_URL: props.siteQueue.queueUrl,
        FUEL_MAX_CONCURRENCY: String(config.maxConcurrency),
        // Behind API Gateway the peer is a public address: agents need their site credential.
        FUEL_AGENT_CIDRS: '',
        ...tokenVariables(props),
        ...Object.fromEntries(
          MACHINE_NAMES.map((name) => [machineArnVariable(name), machineArns[name]]),
        ),
      },
    });
    if (props.database.secretsExtension) tokenSecret?.grantRead(this.function.function);
    grantExecutions(this, this.function, props.namePrefix, machineArns);
    this.restApi = new FuelRestApi(this, 'Rest', {
      name: `${props.namePrefix}-api`,
      handler: this.function.function,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      ...(config.apiDomain ? { domain: config.apiDomain } : {}),
    });
  }
}

function tokenVariables(props: ApiStackProps): Record<string, string> {
  const secret = props.tokenSecret;
  if (!secret) return {};
  return props.database.secretsExtension
    ? { FUEL_TOKEN_SECRET_ARN: secret.secretArn }
    : { FUEL_TOKEN_SECRET: secret.secretValue.unsafeUnwrap() };
}

/** `STATE_MACHINE_ARN_DEPLOY_CHANGES`, ...: what `functions/api/lambda.ts` reads. */
export function machineArnVariable(name: MachineName): string {
  return `STATE_MACHINE_ARN_${name.toUpperCase().replaceAll('-', '_')}`;
}

function machineArnsOf(stack: Stack, prefix: string): Record<MachineName, string> {
  const arns = {} as Record<MachineName, string>;
  for (const name of MACHINE_NAMES) {
    arns[name] = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: machineName(prefix, name),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
  return arns;
}

/**
 * StartExecution on the machines, and the other calls on their executions only. Executions are
 * named after tasks at runtime, hence one wildcard per machine, which cdk-nag is told about.
 */
function grantExecutions(
  stack: Stack,
  fn: FuelFunction,
  prefix: string,
  machineArns: Record<MachineName, string>,
): void {
  const executions = MACHINE_NAMES.map((name) => `${executionPrefix(prefix, name)}*`);
  const policy = new iam.Policy(stack, 'ExecutionAccess', {
    roles: fn.function.role ? [fn.function.role] : [],
    statements: [
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: Object.values(machineArns),
      }),
      new iam.PolicyStatement({
        actions: [...EXECUTION_ACTIONS],
        resources: executions.map((pattern) =>
          stack.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: pattern,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      }),
    ],
  });
  for (const pattern of executions) {
    acknowledge(
      policy,
      `IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${pattern}]`,
      'Executions are named after Nailgun tasks at runtime; the wildcard covers only the ' +
        'executions of this one state machine.',
    );
  }
}

/** `<machine name>:`, the start of the name part of its executions' ARNs. */
function executionPrefix(prefix: string, name: MachineName): string {
  return `${machineName(prefix, name)}:`;
}
