import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { aslFile } from '../../infra/aws/constructs/fuel-state-machines.js';
import { RELAY_RESOURCE, STEPS_FUNCTION_RESOURCE } from '../../statemachines/build/policy.js';
import { MACHINE_NAMES } from '../../statemachines/contracts/execution.js';
import { buildFuelApp, logicalId, SITES } from './support/fuel-app.js';

const { system, template } = buildFuelApp();
const orchestration = template(system.orchestration);

interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  HeartbeatSeconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  ItemProcessor?: { States: Record<string, AslState> };
}

/** Every Task state of a definition, nested Maps included. */
function tasksOf(states: Record<string, AslState>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, AslState]] : []),
    ...(state.ItemProcessor ? tasksOf(state.ItemProcessor.States) : []),
  ]);
}

function machineProps(name: string) {
  const machine = system.orchestration.machines[name as keyof typeof system.orchestration.machines];
  const resource = orchestration.toJSON().Resources[logicalId(machine)];
  return resource.Properties as {
    StateMachineName: string;
    DefinitionString: string;
    DefinitionSubstitutions: Record<string, unknown>;
    LoggingConfiguration: { Level: string; IncludeExecutionData: boolean };
    TracingConfiguration: { Enabled: boolean };
  };
}

describe('the state machines', () => {
  it('are the six committed ASL files, inline, with the steps function substituted', () => {
    const stepsArn = {
      'Fn::GetAtt': [logicalId(system.orchestration.stepsFunction.function), 'Arn'],
    };

    for (const name of MACHINE_NAMES) {
      const props = machineProps(name);

      expect(props.StateMachineName).toBe(`fuel-${name}`);
      expect(JSON.parse(props.DefinitionString)).toEqual(
        JSON.parse(readFileSync(aslFile(name), 'utf8')),
      );
      expect(props.DefinitionSubstitutions).toEqual({ StepsFunctionArn: stepsArn });
    }
    orchestration.resourceCountIs('AWS::StepFunctions::StateMachine', MACHINE_NAMES.length);
  });

  it('bound every relay step by a timeout and a heartbeat, and retry it', () => {
    for (const name of MACHINE_NAMES) {
      const states = JSON.parse(machineProps(name).DefinitionString).States;
      const relaySteps = tasksOf(states).filter(([, s]) => s.Resource === RELAY_RESOURCE);

      expect(relaySteps.length).toBeGreaterThan(0);
      for (const [step, state] of relaySteps) {
        expect(state.TimeoutSeconds, `${name}/${step}`).toBeGreaterThan(0);
        expect(state.HeartbeatSeconds, `${name}/${step}`).toBeLessThan(state.TimeoutSeconds ?? 0);
        expect(state.Retry?.[0]?.ErrorEquals, `${name}/${step}`).toEqual(
          expect.arrayContaining(['Relay.Unavailable', 'Relay.Timeout']),
        );
      }
    }
  });

  it('bound every Lambda step by a timeout and retry the Lambda service errors', () => {
    for (const name of MACHINE_NAMES) {
      const states = JSON.parse(machineProps(name).DefinitionString).States;
      const lambdaSteps = tasksOf(states).filter(([, s]) => s.Resource === STEPS_FUNCTION_RESOURCE);

      expect(lambdaSteps.length).toBeGreaterThan(0);
      for (const [step, state] of lambdaSteps) {
        expect(state.TimeoutSeconds, `${name}/${step}`).toBeGreaterThan(0);
        expect(state.Retry?.[0]?.ErrorEquals, `${name}/${step}`).toContain(
          'Lambda.ServiceException',
        );
      }
    }
  });

  it('log every event with its data to one log group and are traced with X-Ray', () => {
    for (const name of MACHINE_NAMES) {
      const props = machineProps(name);

      expect(props.LoggingConfiguration).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: true,
      });
      expect(props.TracingConfiguration).toEqual({ Enabled: true });
    }
    orchestration.resourceCountIs('AWS::Logs::LogGroup', 2);
  });

  it('answer a step Lambda within the state timeout, so the state sees the function error', () => {
    orchestration.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'The Lambda steps of the deployment workflows',
      Timeout: 110,
    });
  });
});

describe('the site queues', () => {
  it('exist once per site, encrypted, TLS only, parking a message after five deliveries', () => {
    for (const site of SITES) {
      const queues = system.orchestration.siteQueues[site];
      if (!queues) throw new Error(`no queue for ${site}`);

      orchestration.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `fuel-${site}-steps`,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(queues.deadLetterQueue), 'Arn'] },
          maxReceiveCount: 5,
        },
      });
      orchestration.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `fuel-${site}-dead-letters`,
        SqsManagedSseEnabled: true,
      });
    }
    orchestration.resourceCountIs('AWS::SQS::Queue', SITES.length * 2);
    orchestration.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      },
      SITES.length * 2,
    );
  });
});

describe('the alarms', () => {
  const topic = { Ref: Match.stringLikeRegexp('AlarmsTopic') };

  it('fire on any failed execution of each workflow', () => {
    for (const machine of Object.values(system.orchestration.machines)) {
      orchestration.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: logicalId(machine) } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic],
      });
    }
  });

  it('fire on any message in a site dead-letter queue', () => {
    for (const site of Object.values(system.orchestration.siteQueues)) {
      orchestration.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(site.deadLetterQueue), 'QueueName'] },
          },
        ],
        Threshold: 1,
        AlarmActions: [topic],
      });
    }
    orchestration.resourceCountIs('AWS::CloudWatch::Alarm', MACHINE_NAMES.length + SITES.length);
  });
});

describe('the progress event source mapping', () => {
  const progress = template(system.progress);

  it("reads the broker's nailgun queue in batches, as the broker user (BASIC_AUTH secret)", () => {
    progress.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(system.progress.function.function) },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('Fuel-Broker:.*BrokerArn') },
      Queues: ['nailgun'],
      BatchSize: 100,
      SourceAccessConfigurations: [
        {
          Type: 'BASIC_AUTH',
          URI: { 'Fn::ImportValue': Match.stringLikeRegexp('Fuel-Broker:.*Credentials') },
        },
      ],
    });
  });

  it('is created only once the function may read the broker and its secret', () => {
    progress.hasResource('AWS::Lambda::EventSourceMapping', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^BrokerAccess')]),
    });
  });
});
