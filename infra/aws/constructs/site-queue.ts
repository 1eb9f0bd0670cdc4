import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Deliveries of one step message before it is parked in the dead-letter queue. */
export const MAX_RECEIVES = 5;

/**
 * The queue a site's relay long-polls for step messages, with its dead-letter queue. Both are
 * encrypted at rest with SQS-managed keys (so neither Step Functions nor the relay needs a KMS
 * grant) and refuse requests without TLS. A message that the relay keeps failing to handle ends
 * in the dead-letter queue, where an alarm watches it; its step meanwhile times out in the
 * execution (no heartbeat), so nothing waits on a parked message.
 */
export class SiteQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  /** `name` prefixes both queues' names: `<name>-steps` and `<name>-dead-letters`. */
  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      queueName: `${props.name}-dead-letters`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Steps', {
      queueName: `${props.name}-steps`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A step's message is useless once its execution has given up on it (hours at most).
      retentionPeriod: Duration.days(1),
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });
  }
}
