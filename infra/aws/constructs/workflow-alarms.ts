import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface WorkflowAlarmsProps {
  machines: Record<string, sfn.IStateMachine>;
  /** Dead-letter queues by site. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** Subscribed to the alarm topic when set. */
  email?: string;
}

const PERIOD = Duration.minutes(5);

/**
 * What an operator must hear about: a failed execution of any workflow (a deployment that
 * ended in error, which also shows on its Nailgun task) and any message in a site's dead-letter
 * queue (a relay that cannot handle a step). Both go to one SNS topic. The topic is not
 * encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and alarm
 * notifications carry names and states only.
 */
export class WorkflowAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: WorkflowAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    for (const [name, machine] of Object.entries(props.machines)) {
      this.add(`${name}-failed`, {
        metric: machine.metricFailed({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        description: `An execution of ${name} failed: see its task and the execution history`,
      });
    }
    for (const [site, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${site}-dead-letters`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        description: `Step messages of site ${site} were parked: its relay cannot handle them`,
      });
    }
  }

  private add(id: string, options: { metric: cloudwatch.IMetric; description: string }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: options.metric,
      alarmDescription: options.description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
