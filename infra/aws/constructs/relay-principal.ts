import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/** What a relay does with its own site queue: long-poll, delete, keep in hand, inspect. */
export const RELAY_QUEUE_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
] as const;

/** How a relay answers the task token of a step. */
export const RELAY_TOKEN_ACTIONS = [
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
] as const;

export interface RelayPrincipalProps {
  userName: string;
  siteQueue: sqs.IQueue;
}

/**
 * The IAM identity of one site's relay, an IAM user because the relay runs on premises, with
 * no AWS identity to assume a role from. Its access key is created by the operator
 * (`aws iam create-access-key`), never by the template, so it appears in no stack output.
 * It reaches its own queue only. The task-token calls take no resource: Step Functions
 * defines no resource type or condition key for them, so `*` is the only form IAM accepts;
 * the token itself is the capability, and a relay only ever sees the tokens of the steps
 * that arrive on its own queue. The discovery routes need no AWS permission at all: the relay
 * calls them through API Gateway with its site credential, checked by the app.
 */
export class RelayPrincipal extends Construct {
  readonly user: iam.User;
  readonly policy: iam.Policy;

  constructor(scope: Construct, id: string, props: RelayPrincipalProps) {
    super(scope, id);
    this.user = new iam.User(this, 'User', { userName: props.userName });
    this.policy = new iam.Policy(this, 'Policy', {
      users: [this.user],
      statements: [
        new iam.PolicyStatement({
          sid: 'OwnSiteQueue',
          actions: [...RELAY_QUEUE_ACTIONS],
          resources: [props.siteQueue.queueArn],
        }),
        new iam.PolicyStatement({
          sid: 'AnswerStepTokens',
          actions: [...RELAY_TOKEN_ACTIONS],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(
      this.policy,
      'IAM5[Resource::*]',
      'SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat have no resource type and no ' +
        'condition key in IAM; the task token is the capability, and only steps of this ' +
        "site's queue carry tokens the relay can see.",
    );
  }
}
