import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../functions/db/database.js';
import { migrate } from '../../functions/db/migrate.js';
import { createPostgresLedger } from '../../infra/local/stepfunctions/postgres-ledger.js';
import { createTestDatabase } from '../support/database.js';
import { createFakeLambda } from './support/fake-lambda.js';
import { startFakeRelay } from './support/fake-relay.js';
import { createHarness, QUEUE_URL } from './support/harness.js';

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db);
});

afterAll(async () => {
  await db.close();
});

function sequenceLambda() {
  return createFakeLambda({ before: () => ({ prepared: true }) });
}

async function executionRow(id: string) {
  const found = await db.query<Record<string, unknown>>('SELECT * FROM executions WHERE id = $1', [
    id,
  ]);
  return found.rows[0];
}

async function stepCount(id: string): Promise<number> {
  const found = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM execution_steps WHERE execution_id = $1',
    [id],
  );
  return found.rows[0]?.n ?? 0;
}

describe('local executor on the PostgreSQL ledger', () => {
  it('records the execution and the steps that succeeded', async () => {
    const { executor, transport } = createHarness(sequenceLambda(), { db });
    const relay = startFakeRelay(transport, () => ({ error: 'Relay.StepFailed', cause: 'boom' }));
    const taskUuid = randomUUID();

    const { executionId } = await executor.start({
      machine: 'reset',
      name: randomUUID(),
      input: { task_uuid: taskUuid, queue_url: QUEUE_URL },
    });
    await executor.settled(executionId);
    await relay.stop();

    expect(await executionRow(executionId)).toMatchObject({
      machine: 'reset',
      task_uuid: taskUuid,
      status: 'FAILED',
      error: 'Relay.StepFailed',
      cause: 'boom',
      redrive_count: 0,
      input: { task_uuid: taskUuid, queue_url: QUEUE_URL },
    });
    expect((await executionRow(executionId))?.stopped_at).toBeInstanceOf(Date);
    expect(await stepCount(executionId)).toBe(1);
  });

  it('lets a restarted process redrive what an earlier one ran, replaying its steps', async () => {
    const firstLambda = sequenceLambda();
    const first = createHarness(firstLambda, { db });
    const failing = startFakeRelay(first.transport, () => ({ error: 'Relay.Timeout', cause: 'x' }));
    const { executionId } = await first.executor.start({
      machine: 'reset',
      name: randomUUID(),
      input: { task_uuid: randomUUID(), queue_url: QUEUE_URL },
    });
    await first.executor.settled(executionId);
    await failing.stop();

    const secondLambda = sequenceLambda();
    const second = createHarness(secondLambda, { db });
    const answering = startFakeRelay(second.transport, () => ({ output: { status: 'done' } }));
    await second.executor.redrive(executionId);
    const result = await second.executor.settled(executionId);
    await answering.stop();

    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(firstLambda.count('before')).toBe(1);
    expect(secondLambda.count('before')).toBe(0);
    expect(secondLambda.calls).toEqual([{ action: 'after', relay: { status: 'done' } }]);
    expect(answering.received).toHaveLength(1);
    expect(await executionRow(executionId)).toMatchObject({
      status: 'SUCCEEDED',
      redrive_count: 1,
    });
    expect(await stepCount(executionId)).toBe(3);
  });

  it('answers a start of a name run by an earlier process without running it again', async () => {
    const first = createHarness(sequenceLambda(), { db });
    const relay = startFakeRelay(first.transport, () => ({ output: {} }));
    const request = {
      machine: 'reset' as const,
      name: randomUUID(),
      input: { task_uuid: randomUUID(), queue_url: QUEUE_URL },
    };
    const { executionId } = await first.executor.start(request);
    await first.executor.settled(executionId);
    await relay.stop();
    const secondLambda = sequenceLambda();
    const second = createHarness(secondLambda, { db });

    const again = await second.executor.start(request);
    const other = second.executor.start({ ...request, input: { queue_url: 'elsewhere' } });

    expect(again).toEqual({ executionId });
    await expect(other).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(second.executor.describe(executionId)).resolves.toEqual({ status: 'SUCCEEDED' });
    expect(secondLambda.calls).toEqual([]);
  });

  it('marks executions left running by a dead process as aborted, and redrives them', async () => {
    const id = `local:reset:${randomUUID()}`;
    await db.query(
      `INSERT INTO executions (id, machine, name, input, status, started_at)
       VALUES ($1, 'reset', $2, $3::jsonb, 'RUNNING', now())`,
      [id, id.split(':')[2], JSON.stringify({ task_uuid: randomUUID(), queue_url: QUEUE_URL })],
    );
    const fake = sequenceLambda();
    const { executor, transport } = createHarness(fake, { db });

    const recovered = await executor.recover();
    const described = await executor.describe(id);
    const relay = startFakeRelay(transport, () => ({ output: {} }));
    await executor.redrive(id);
    const result = await executor.settled(id);
    await relay.stop();

    expect(recovered).toContain(id);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Local.ProcessRestarted' });
    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(fake.count('before')).toBe(1);
  });

  it('stores a null step output and tells it from a missing one', async () => {
    const ledger = createPostgresLedger(db);
    const id = `local:reset:${randomUUID()}`;
    await ledger.saveExecution({
      id,
      machine: 'reset',
      name: 'n',
      taskUuid: null,
      input: {},
      status: 'RUNNING',
      error: null,
      cause: null,
      startedAt: new Date(),
      stoppedAt: null,
      redriveCount: 0,
    });

    await ledger.putStep(id, 'a#0', 'A', null);

    await expect(ledger.getStep(id, 'a#0')).resolves.toEqual({ output: null });
    await expect(ledger.getStep(id, 'b#0')).resolves.toBeUndefined();
  });
});
