import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { LAMBDA_TIMEOUT_SECONDS } from '../../../statemachines/build/policy.js';
import type { MachineName } from '../../../statemachines/contracts/execution.js';
import type { FuelConfig } from '../config.js';
import type { DatabaseAccess } from '../constructs/database-access.js';
import { FuelFunction } from '../constructs/fuel-function.js';
import { FuelStateMachines } from '../constructs/fuel-state-machines.js';
import { SiteQueue } from '../constructs/site-queue.js';
import { WorkflowAlarms } from '../constructs/workflow-alarms.js';

export interface OrchestrationStackProps extends StackProps {
  config: FuelConfig;
  /** Prefix of the physical names (machines, queues) relays and operators refer to. */
  namePrefix: string;
  database: DatabaseAccess;
  /** CloudWatch alarms and their topic (LocalStack's free edition has no use for them). */
  alarms?: boolean;
}

/**
 * The deployment workflows: the six state machines, the steps function behind their Lambda
 * steps, one site queue (with its dead-letter queue) per configured site, and the alarms. The
 * API that starts executions lives elsewhere, so that no function is both a step of the
 * machines and their starter (which would make the stacks depend on each other).
 */
export class OrchestrationStack extends Stack {
  readonly stepsFunction: FuelFunction;
  readonly siteQueues: Record<string, SiteQueue>;
  readonly machines: Record<MachineName, sfn.StateMachine>;

  constructor(scope: Construct, id: string, props: OrchestrationStackProps) {
    super(scope, id, props);
    const { config, namePrefix } = props;
    this.stepsFunction = new FuelFunction(this, 'Steps', {
      role: 'steps',
      description: 'The Lambda steps of the deployment workflows',
      database: props.database,
      // Below the Task state's own timeout, so the state sees the function's error, not its own.
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS - 10),
    });
    this.siteQueues = {};
    for (const site of config.sites) {
      this.siteQueues[site] = new SiteQueue(this, `Site-${site}`, {
        name: `${namePrefix}-${site}`,
      });
    }
    const workflows = new FuelStateMachines(this, 'Workflows', {
      namePrefix,
      stepsFunction: this.stepsFunction.function,
      siteQueues: Object.values(this.siteQueues).map((site) => site.queue),
    });
    this.machines = workflows.machines;
    if (props.alarms ?? true) {
      new WorkflowAlarms(this, 'Alarms', {
        machines: this.machines,
        deadLetterQueues: Object.fromEntries(
          Object.entries(this.siteQueues).map(([site, q]) => [site, q.deadLetterQueue]),
        ),
        ...(config.alarmEmail ? { email: config.alarmEmail } : {}),
      });
    }
  }
}
