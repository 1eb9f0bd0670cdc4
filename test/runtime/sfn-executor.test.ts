import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MACHINE_NAMES,
  type MachineName,
  type WorkflowExecutor,
} from '../../functions/core/orchestration/executor.js';
import { createSfnExecutor } from '../../functions/core/orchestration/sfn-executor.js';
import { type FakeAws, startFakeAws, TEST_CREDENTIALS } from './support/fake-aws.js';

const PREFIX = 'arn:aws:states:eu-west-1:123456789012';
const ARNS = Object.fromEntries(
  MACHINE_NAMES.map((m) => [m, `${PREFIX}:stateMachine:fuel-${m}`]),
) as Record<MachineName, string>;
const EXECUTION = `${PREFIX}:execution:fuel-deploy:task-1`;

let aws: FakeAws;
let executor: WorkflowExecutor;

beforeAll(async () => {
  aws = await startFakeAws();
  executor = createSfnExecutor({
    stateMachineArns: ARNS,
    endpoint: aws.url,
    region: 'eu-west-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  await aws.close();
});

beforeEach(() => {
  aws.calls.length = 0;
});

describe('Step Functions executor: start', () => {
  it('starts the machine by name with the input as JSON and returns the execution ARN', async () => {
    aws.on('AWSStepFunctions.StartExecution', {
      body: { executionArn: EXECUTION, startDate: 1_700_000_000 },
    });

    const started = await executor.start({
      machine: 'deploy',
      name: 'task-1',
      input: { task_uuid: 'u' },
    });

    expect(started).toEqual({ executionId: EXECUTION });
    expect(aws.calls).toEqual([
      {
        target: 'AWSStepFunctions.StartExecution',
        contentType: 'application/x-amz-json-1.0',
        body: {
          stateMachineArn: ARNS.deploy,
          name: 'task-1',
          input: '{"task_uuid":"u"}',
        },
      },
    ]);
  });

  it('takes ExecutionAlreadyExists for the same input as success', async () => {
    aws.on('AWSStepFunctions.StartExecution', {
      status: 400,
      error: 'ExecutionAlreadyExists',
      message: 'Execution Already Exists',
    });
    aws.on('AWSStepFunctions.DescribeExecution', {
      body: {
        executionArn: EXECUTION,
        stateMachineArn: ARNS.deploy,
        status: 'SUCCEEDED',
        startDate: 1_700_000_000,
        input: '{"task_uuid":"u","n":1}',
      },
    });

    const started = await executor.start({
      machine: 'deploy',
      name: 'task-1',
      input: { n: 1, task_uuid: 'u' },
    });

    expect(started).toEqual({ executionId: EXECUTION });
    expect(aws.calls[1]).toMatchObject({
      target: 'AWSStepFunctions.DescribeExecution',
      body: { executionArn: EXECUTION },
    });
  });

  it('refuses ExecutionAlreadyExists for another input', async () => {
    aws.on('AWSStepFunctions.StartExecution', {
      status: 400,
      error: 'ExecutionAlreadyExists',
      message: 'Execution Already Exists',
    });
    aws.on('AWSStepFunctions.DescribeExecution', {
      body: { executionArn: EXECUTION, status: 'RUNNING', startDate: 1, input: '{"other":true}' },
    });

    const started = executor.start({ machine: 'deploy', name: 'task-1', input: { n: 2 } });

    await expect(started).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });
});

describe('Step Functions executor: stop, redrive, describe', () => {
  it('stops an execution with its error and cause', async () => {
    aws.on('AWSStepFunctions.StopExecution', { body: { stopDate: 1_700_000_100 } });

    await executor.stop(EXECUTION, { error: 'Fuel.Stopped', cause: 'stop_deployment' });

    expect(aws.calls.map((c) => [c.target, c.body])).toEqual([
      [
        'AWSStepFunctions.StopExecution',
        { executionArn: EXECUTION, error: 'Fuel.Stopped', cause: 'stop_deployment' },
      ],
    ]);
  });

  it('redrives an execution, and names a refusal like the service', async () => {
    aws.on('AWSStepFunctions.RedriveExecution', { body: { redriveDate: 1_700_000_200 } });
    await executor.redrive(EXECUTION);
    aws.on('AWSStepFunctions.RedriveExecution', {
      status: 400,
      error: 'ExecutionNotRedrivable',
      message: 'Execution is RUNNING',
    });

    const refused = executor.redrive(EXECUTION);

    expect(aws.calls[0]).toMatchObject({
      target: 'AWSStepFunctions.RedriveExecution',
      body: { executionArn: EXECUTION },
    });
    await expect(refused).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  });

  it('describes status, error and cause, PENDING_REDRIVE as RUNNING', async () => {
    aws.on('AWSStepFunctions.DescribeExecution', {
      body: {
        executionArn: EXECUTION,
        status: 'FAILED',
        startDate: 1,
        error: 'Relay.StepFailed',
        cause: 'c',
      },
    });
    const failed = await executor.describe(EXECUTION);
    aws.on('AWSStepFunctions.DescribeExecution', {
      body: { executionArn: EXECUTION, status: 'PENDING_REDRIVE', startDate: 1 },
    });

    const pending = await executor.describe(EXECUTION);

    expect(failed).toEqual({ status: 'FAILED', error: 'Relay.StepFailed', cause: 'c' });
    expect(pending).toEqual({ status: 'RUNNING' });
  });

  it('describes an execution the service does not know as undefined', async () => {
    aws.on('AWSStepFunctions.DescribeExecution', {
      status: 400,
      error: 'ExecutionDoesNotExist',
      message: 'Execution Does Not Exist',
    });

    await expect(executor.describe(`${EXECUTION}-gone`)).resolves.toBeUndefined();
  });

  it('passes other errors on as they are', async () => {
    aws.on('AWSStepFunctions.StopExecution', {
      status: 400,
      error: 'InvalidArn',
      message: 'Invalid Arn',
    });

    await expect(executor.stop('not-an-arn')).rejects.toMatchObject({ name: 'InvalidArn' });
  });
});
