import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PROGRESS_QUEUE } from '../../../statemachines/contracts/progress.js';
import type { DatabaseAccess } from '../constructs/database-access.js';
import { FuelFunction } from '../constructs/fuel-function.js';
import { acknowledge } from '../constructs/nag.js';

/** The broker the progress function reads, and the user it reads as. */
export interface ProgressSource {
  broker: amazonmq.CfnBroker;
  credentials: secretsmanager.ISecret;
}

export interface ProgressStackProps extends StackProps {
  database: DatabaseAccess;
  /** Absent in the LocalStack profile (no Amazon MQ there): the function is invoked directly. */
  source?: ProgressSource;
}

/**
 * Reports per mapping invocation. Lambda runs one invocation at a time per RabbitMQ mapping, so
 * throughput comes from batches; the receiver rules make a redelivered batch harmless.
 */
export const PROGRESS_BATCH_SIZE = 100;

/**
 * The progress path: the function that applies Astute-format reports, fed by an event source
 * mapping on the broker's `nailgun` queue (BASIC_AUTH with the broker user's secret).
 */
export class ProgressStack extends Stack {
  readonly function: FuelFunction;
  readonly mapping?: lambda.CfnEventSourceMapping;

  constructor(scope: Construct, id: string, props: ProgressStackProps) {
    super(scope, id, props);
    this.function = new FuelFunction(this, 'Progress', {
      role: 'progress',
      description: 'Applies progress reports from the nailgun queue',
      database: props.database,
      timeout: Duration.seconds(60),
    });
    if (props.source) this.mapping = this.subscribe(props.source);
    new CfnOutput(this, 'ProgressFunctionName', { value: this.function.function.functionName });
  }

  private subscribe(source: ProgressSource): lambda.CfnEventSourceMapping {
    const fn = this.function.function;
    const role = fn.role;
    if (!role) throw new Error('the progress function has no role');
    const access = brokerAccess(this, source, role);
    const mapping = new lambda.CfnEventSourceMapping(this, 'NailgunQueue', {
      functionName: fn.functionName,
      eventSourceArn: source.broker.attrArn,
      queues: [PROGRESS_QUEUE],
      batchSize: PROGRESS_BATCH_SIZE,
      maximumBatchingWindowInSeconds: 1,
      sourceAccessConfigurations: [{ type: 'BASIC_AUTH', uri: source.credentials.secretArn }],
    });
    // The mapping checks its permissions when created, so the policies must exist first.
    mapping.node.addDependency(access);
    mapping.node.addDependency(role);

    return mapping;
  }
}

/**
 * What Lambda's poller needs, in the function's role (documented for Amazon MQ sources): the
 * broker's description, its user's secret, and the EC2 descriptions it uses to place its
 * network interfaces next to the broker (the VPC access policy covers the interfaces).
 */
function brokerAccess(stack: Stack, source: ProgressSource, role: iam.IRole): iam.Policy {
  const policy = new iam.Policy(stack, 'BrokerAccess', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['mq:DescribeBroker'],
        resources: [source.broker.attrArn],
      }),
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [source.credentials.secretArn],
      }),
      new iam.PolicyStatement({
        actions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs'],
        resources: ['*'],
      }),
    ],
  });
  acknowledge(
    policy,
    'IAM5[Resource::*]',
    'EC2 Describe actions support no resource-level permissions; the poller of the Amazon MQ ' +
      'event source calls them to place its interfaces next to the broker.',
  );
  return policy;
}
