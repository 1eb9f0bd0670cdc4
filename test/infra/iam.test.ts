import type { IRole } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { MACHINE_NAMES } from '../../statemachines/contracts/execution.js';
import {
  actionsOf,
  allActions,
  buildFuelApp,
  logicalId,
  type Statement,
  statementsOf,
} from './support/fuel-app.js';

const { system, template } = buildFuelApp();

function roleStatements(stackTemplate: ReturnType<typeof template>, role: IRole | undefined) {
  if (!role) throw new Error('function without role');
  return statementsOf(stackTemplate, { kind: 'Roles', logicalId: logicalId(role) });
}

function withAction(statements: Statement[], action: string): Statement[] {
  return statements.filter((s) => actionsOf(s).includes(action));
}

const machineArn = (name: string) =>
  `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":states:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":stateMachine:fuel-${name}"]]}`;
const executionArn = (name: string) =>
  `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":states:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":execution:fuel-${name}:*"]]}`;

describe('the relay principal of a site', () => {
  const sites = template(system.sites);
  const relay = system.sites.relays.dc1;
  if (!relay) throw new Error('no relay for dc1');
  const statements = statementsOf(sites, { kind: 'Users', logicalId: logicalId(relay.user) });

  it('receives, deletes, keeps in hand and inspects messages of its own site queue only', () => {
    const queue = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));

    expect(queue).toHaveLength(1);
    expect(actionsOf(queue[0] as Statement).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    const resource = JSON.stringify(queue[0]?.Resource);
    expect(resource).toContain('Sitedc1Steps');
    expect(resource).not.toContain('Sitedc2');
    expect(resource).not.toContain('DeadLetters');
  });

  it('answers task tokens with SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat only', () => {
    const tokens = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));

    expect(tokens).toHaveLength(1);
    expect(actionsOf(tokens[0] as Statement).sort()).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskHeartbeat',
      'states:SendTaskSuccess',
    ]);
    expect(tokens[0]?.Resource).toBe('*');
  });

  it('is allowed nothing else, and its access key is never part of a template', () => {
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    sites.resourceCountIs('AWS::IAM::AccessKey', 0);
    sites.resourceCountIs('AWS::IAM::User', 2);
  });
});

describe('the API function role', () => {
  const api = template(system.api);
  const statements = roleStatements(api, system.api.function.function.role);
  const states = allActions(statements).filter((a) => a.startsWith('states:'));

  it('starts executions of the six workflows and of nothing else', () => {
    const start = withAction(statements, 'states:StartExecution');

    expect(start).toHaveLength(1);
    expect(actionsOf(start[0] as Statement)).toEqual(['states:StartExecution']);
    expect(JSON.stringify(start[0]?.Resource)).toBe(
      `[${MACHINE_NAMES.map((name) => machineArn(name)).join(',')}]`,
    );
  });

  it('stops, redrives and describes executions of those workflows only', () => {
    const steer = withAction(statements, 'states:StopExecution');

    expect(steer).toHaveLength(1);
    expect(actionsOf(steer[0] as Statement).sort()).toEqual([
      'states:DescribeExecution',
      'states:RedriveExecution',
      'states:StopExecution',
    ]);
    expect(JSON.stringify(steer[0]?.Resource)).toBe(
      `[${MACHINE_NAMES.map((name) => executionArn(name)).join(',')}]`,
    );
  });

  it('has no other Step Functions or SQS permission (no task tokens, no queues)', () => {
    expect(states.sort()).toEqual([
      'states:DescribeExecution',
      'states:RedriveExecution',
      'states:StartExecution',
      'states:StopExecution',
    ]);
    expect(allActions(statements).filter((a) => a.startsWith('sqs:'))).toEqual([]);
  });

  it('reads the database secret and the token signing key, and no other secret', () => {
    const reads = withAction(statements, 'secretsmanager:GetSecretValue');

    expect(reads.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining('PostgresSecret'),
      expect.stringContaining('TokenSigningKey'),
    ]);
  });
});

describe('the steps function role', () => {
  const orchestration = template(system.orchestration);
  const statements = roleStatements(
    orchestration,
    system.orchestration.stepsFunction.function.role,
  );

  it('cannot start, steer or answer executions, nor touch the site queues', () => {
    const actions = allActions(statements);

    expect(actions.filter((a) => a.startsWith('states:'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([]);
  });

  it('reads the database secret only', () => {
    const reads = withAction(statements, 'secretsmanager:GetSecretValue');

    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]?.Resource)).toContain('PostgresSecret');
  });
});

describe('the state machines role', () => {
  const orchestration = template(system.orchestration);
  const role = Object.values(system.orchestration.machines)[0]?.role;
  const statements = roleStatements(orchestration, role);

  it('invokes the steps function (unqualified) and no other function', () => {
    const invoke = withAction(statements, 'lambda:InvokeFunction');

    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(system.orchestration.stepsFunction.function), 'Arn'],
    });
  });

  it('sends to every site queue, since executions carry the queue URL, and to nothing else', () => {
    const send = withAction(statements, 'sqs:SendMessage');
    const queues = Object.values(system.orchestration.siteQueues).map((site) => ({
      'Fn::GetAtt': [logicalId(site.queue), 'Arn'],
    }));

    expect(send).toHaveLength(1);
    expect(actionsOf(send[0] as Statement)).toEqual(['sqs:SendMessage']);
    expect(send[0]?.Resource).toEqual(queues);
    expect(allActions(statements).filter((a) => a.startsWith('states:'))).toEqual([]);
  });
});

describe('the progress function role', () => {
  const progress = template(system.progress);
  const statements = roleStatements(progress, system.progress.function.function.role);

  it('reads the broker and its user secret, which the event source mapping polls with', () => {
    const describe = withAction(statements, 'mq:DescribeBroker');
    const secret = withAction(statements, 'secretsmanager:GetSecretValue');

    expect(JSON.stringify(describe[0]?.Resource)).toContain('BrokerArn');
    expect(secret.map((s) => JSON.stringify(s.Resource))).toEqual(
      expect.arrayContaining([expect.stringContaining('Credentials')]),
    );
    expect(allActions(statements).filter((a) => a.startsWith('states:'))).toEqual([]);
  });
});
