import type { MachineName } from '../../../functions/core/orchestration/executor.js';
import type { Queryable } from '../../../functions/db/database.js';
import { LocalQueue } from '../../../infra/local/queue/local-queue.js';
import { createLocalTransport } from '../../../infra/local/queue/local-transport.js';
import { TokenRegistry } from '../../../infra/local/queue/token-registry.js';
import type { ExecutionLedger } from '../../../infra/local/stepfunctions/ledger.js';
import {
  createLocalExecutor,
  type LocalExecutor,
} from '../../../infra/local/stepfunctions/local-executor.js';
import type { FakeLambda } from './fake-lambda.js';
import { loadFixture, SUBSTITUTIONS } from './fixtures.js';

export const QUEUE_URL = 'http://local/queue/site-1';

/** Which fixture plays which machine in these tests. */
const FIXTURES: Partial<Record<MachineName, string>> = {
  deploy: 'map-relay',
  provision: 'lambda-retry',
  stop: 'heartbeat',
  reset: 'sequence',
  'remove-nodes': 'integrations',
};

export interface Harness {
  executor: LocalExecutor;
  queue: LocalQueue;
  tokens: TokenRegistry;
  transport: ReturnType<typeof createLocalTransport>;
}

/** An executor over the fixtures with a queue, a token registry and instant retries. */
export function createHarness(
  fake: FakeLambda,
  options: { ledger?: ExecutionLedger; db?: Queryable } = {},
): Harness {
  const queue = new LocalQueue();
  const tokens = new TokenRegistry();
  const definitions = Object.fromEntries(
    Object.entries(FIXTURES).map(([machine, fixture]) => [machine, loadFixture(fixture)]),
  );
  const executor = createLocalExecutor({
    definitions,
    substitutions: SUBSTITUTIONS,
    lambda: fake.lambda,
    queue,
    tokens,
    retryDelayMs: 0,
    ...options,
  });

  return {
    executor,
    queue,
    tokens,
    transport: createLocalTransport({ queue, tokens, queueUrl: QUEUE_URL }),
  };
}
