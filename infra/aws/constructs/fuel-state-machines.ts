import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SubstitutionName } from '../../../statemachines/build/policy.js';
import { MACHINE_NAMES, type MachineName } from '../../../statemachines/contracts/execution.js';
import { PROJECT_ROOT } from './bundling.js';
import { acknowledge } from './nag.js';

export interface FuelStateMachinesProps {
  /** Prefix of the machines' names: `<prefix>-deploy-changes`, ... */
  namePrefix: string;
  /** The function behind every Lambda step (`${StepsFunctionArn}`). */
  stepsFunction: lambda.IFunction;
  /** Every site queue: relay steps send to the one named in the execution input. */
  siteQueues: sqs.IQueue[];
}

/** The path of a workflow's committed ASL file. */
export function aslFile(name: MachineName): string {
  return join(PROJECT_ROOT, 'statemachines', `${name}.asl.json`);
}

/**
 * The six workflows of `statemachines/`, inlined (`DefinitionString`, so tests and reviewers
 * read them in the template) with `${StepsFunctionArn}` substituted. They share one role: it
 * invokes the steps function and sends to the site queues, whose URL each execution carries in
 * its input, so the role must reach all of them. Every event goes to one log group, and X-Ray
 * traces each execution.
 */
export class FuelStateMachines extends Construct {
  readonly machines: Record<MachineName, sfn.StateMachine>;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FuelStateMachinesProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'Runs the deployment workflows: steps function and site queues only',
    });
    // The ASL calls the unqualified ARN, so no grant on versions (`:*`) is needed.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.stepsFunction.functionArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: props.siteQueues.map((queue) => queue.queueArn),
      }),
    );
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const substitutions: Record<SubstitutionName, string> = {
      StepsFunctionArn: props.stepsFunction.functionArn,
    };

    const machines = {} as Record<MachineName, sfn.StateMachine>;
    for (const name of MACHINE_NAMES) {
      machines[name] = new sfn.StateMachine(this, pascal(name), {
        stateMachineName: machineName(props.namePrefix, name),
        comment: `Fuel workflow ${name}`,
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(aslFile(name), 'utf8')),
        definitionSubstitutions: substitutions,
        stateMachineType: sfn.StateMachineType.STANDARD,
        role: this.role,
        tracingEnabled: true,
        logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      });
    }
    this.machines = machines;
    acknowledgeRoleFindings(this.role);
  }
}

/** A machine's name, known before deploy, so that the API stack names it without importing it. */
export function machineName(prefix: string, name: MachineName): string {
  return `${prefix}-${name}`;
}

function acknowledgeRoleFindings(role: iam.Role): void {
  acknowledge(
    role,
    'IAM5[Resource::*]',
    'Step Functions log delivery (logs:CreateLogDelivery and the like) and X-Ray tracing take ' +
      'no resource-level permissions.',
  );
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
