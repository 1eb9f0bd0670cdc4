import { isDeepStrictEqual } from 'node:util';
import {
  DescribeExecutionCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  EXECUTOR_ERRORS,
  type ExecutionDescription,
  type ExecutionStatus,
  ExecutorError,
  type MachineName,
  type StartExecutionRequest,
  type StopExecutionOptions,
  type WorkflowExecutor,
} from './executor.js';

/** Which state machines to start, and how to reach Step Functions. */
export interface SfnExecutorOptions {
  /** The ARN of the deployed state machine of each workflow. */
  stateMachineArns: Record<MachineName, string>;
  /** Another Step Functions endpoint (LocalStack, a test double); AWS's when absent. */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** How many times the SDK tries a call; its default when absent. */
  maxAttempts?: number;
  /** A ready client; the options above are then ignored. */
  client?: SFNClient;
}

/** The executor on AWS Step Functions. */
export function createSfnExecutor(options: SfnExecutorOptions): WorkflowExecutor {
  const client =
    options.client ??
    new SFNClient({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts,
    });

  return {
    start: (request) => startExecution(client, options.stateMachineArns, request),
    async stop(executionId: string, stop: StopExecutionOptions = {}) {
      await send(() =>
        client.send(new StopExecutionCommand({ executionArn: executionId, ...stop })),
      );
    },
    async redrive(executionId: string) {
      await send(() => client.send(new RedriveExecutionCommand({ executionArn: executionId })));
    },
    async describe(executionId: string) {
      try {
        return await describeExecution(client, executionId);
      } catch (error) {
        if (errorName(error) === EXECUTOR_ERRORS.doesNotExist) return undefined;
        throw error;
      }
    },
  };
}

async function startExecution(
  client: SFNClient,
  arns: Record<MachineName, string>,
  request: StartExecutionRequest,
): Promise<{ executionId: string }> {
  const stateMachineArn = arns[request.machine];
  const input = JSON.stringify(request.input);
  try {
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn, name: request.name, input }),
    );
    return { executionId: started.executionArn ?? executionArnOf(stateMachineArn, request.name) };
  } catch (error) {
    if (errorName(error) !== EXECUTOR_ERRORS.alreadyExists) return rethrow(error);
    // Step Functions only treats a repeat as idempotent while the first run is open; a caller
    // retrying after a lost answer must get the same execution whatever its status.
    const executionArn = executionArnOf(stateMachineArn, request.name);
    const existing = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (isDeepStrictEqual(parseJson(existing.input), request.input))
      return { executionId: executionArn };
    return rethrow(error);
  }
}

async function describeExecution(
  client: SFNClient,
  executionArn: string,
): Promise<ExecutionDescription> {
  const found = await send(() => client.send(new DescribeExecutionCommand({ executionArn })));
  const status: ExecutionStatus =
    found.status === 'PENDING_REDRIVE' || found.status === undefined ? 'RUNNING' : found.status;

  return {
    status,
    ...(found.error === undefined ? {} : { error: found.error }),
    ...(found.cause === undefined ? {} : { cause: found.cause }),
  };
}

/** `arn:aws:states:<region>:<account>:stateMachine:<m>` → `…:execution:<m>:<name>`. */
function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

async function send<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    return rethrow(error);
  }
}

/** Turns the service's refusals the port names into `ExecutorError`, keeping the original. */
function rethrow(error: unknown): never {
  const name = errorName(error);
  const known = Object.values(EXECUTOR_ERRORS).find((n) => n === name);
  if (known === undefined) throw error;
  throw new ExecutorError(known, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
