import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFakeLambda, namedError } from './support/fake-lambda.js';
import { type StepBody, startFakeRelay } from './support/fake-relay.js';
import { waitFor } from './support/fixtures.js';
import { createHarness, QUEUE_URL } from './support/harness.js';

const NODES = ['n1', 'n2', 'n3'];

function deployInput(nodes = NODES) {
  return { task_uuid: randomUUID(), queue_url: QUEUE_URL, nodes };
}

function planLambda() {
  return createFakeLambda({
    plan: (p) => ({ nodes: p.nodes }),
    facts: (p) => ({ hostname: `node-${p.node}` }),
  });
}

describe('local executor: Lambda and relay steps in a Map', () => {
  it('runs each item with its own token, at most MaxConcurrency at once', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    let inFlight = 0;
    let maxInFlight = 0;
    const relay = startFakeRelay(transport, async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Hold the first steps until as many are in flight as the Map allows.
      await waitFor(() => relay.received.length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight -= 1;
      return { output: { status: 'done' } };
    });

    const name = randomUUID();
    const { executionId } = await executor.start({ machine: 'deploy', name, input: deployInput() });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(executionId).toBe(`local:deploy:${name}`);
    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(maxInFlight).toBe(2);
    const tokens = relay.received.map((body) => body.task_token);
    expect(new Set(tokens).size).toBe(3);
    expect(relay.received.map((b) => b.node).sort()).toEqual(NODES);
    expect(relay.received[0]).toMatchObject({ step: 'configure', correlation_id: name });
    expect(relay.received.find((b) => b.node === 'n2')?.facts).toEqual({ hostname: 'node-n2' });
    expect(fake.calls.find((c) => c.action === 'finish')?.results).toHaveLength(3);
    expect(fake.count('node_done')).toBe(3);
  });

  it('counts the StateEntered events of the execution, nested states included', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, () => ({ output: { status: 'done' } }));

    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    await executor.settled(executionId);
    await relay.stop();

    // Plan, PerNode, Finish, and NodeFacts + Configure + NodeDone per node.
    expect(executor.transitions(executionId)).toBe(3 + 3 * NODES.length);
  });

  it('retries a relay step failing with a retryable error, with a new token', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    let failures = 0;
    const relay = startFakeRelay(transport, (body) => {
      if (body.node === 'n1' && failures === 0) {
        failures += 1;
        return { error: 'Relay.Unavailable', cause: '{"message":"cobbler down"}' };
      }
      return { output: { status: 'done' } };
    });

    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result.status).toBe('SUCCEEDED');
    const n1 = relay.received.filter((b) => b.node === 'n1');
    expect(n1).toHaveLength(2);
    expect(n1[0]?.task_token).not.toBe(n1[1]?.task_token);
    expect(fake.count('node_done', 'n1')).toBe(1);
  });

  it('catches a relay failure by its error name and hands on error and cause', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, (body) =>
      body.node === 'n3'
        ? { error: 'Relay.NodeUnreachable', cause: '{"message":"no answer from node 3"}' }
        : { output: { status: 'done' } },
    );

    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result.status).toBe('SUCCEEDED');
    expect(fake.calls.filter((c) => c.action === 'node_failed')).toEqual([
      {
        action: 'node_failed',
        node: 'n3',
        error: 'Relay.NodeUnreachable',
        cause: '{"message":"no answer from node 3"}',
      },
    ]);
    expect(fake.count('node_done')).toBe(2);
  });

  it('fails the execution with the error of an uncaught relay failure', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, () => ({
      error: 'Relay.PuppetFailed',
      cause: '{"message":"puppet failed"}',
    }));

    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(['n1']),
    });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result).toEqual({
      status: 'FAILED',
      error: 'Relay.PuppetFailed',
      cause: '{"message":"puppet failed"}',
    });
    expect(fake.count('finish')).toBe(0);
  });
});

describe('local executor: Lambda errors', () => {
  it('retries a Lambda step whose error name a Retry lists', async () => {
    let calls = 0;
    const fake = createFakeLambda({
      flaky: () => {
        calls += 1;
        if (calls < 3) throw namedError('Steps.Retryable', 'database busy');
        return { ok: true };
      },
    });
    const { executor } = createHarness(fake);

    const { executionId } = await executor.start({
      machine: 'provision',
      name: randomUUID(),
      input: { attempt_plan: 'retry' },
    });
    const result = await executor.settled(executionId);

    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(fake.count('flaky')).toBe(3);
  });

  it('gives up after the Retry attempts and fails the execution', async () => {
    const fake = createFakeLambda({
      flaky: () => {
        throw namedError('Steps.Retryable', 'database busy');
      },
    });
    const { executor } = createHarness(fake);

    const { executionId } = await executor.start({
      machine: 'provision',
      name: randomUUID(),
      input: { attempt_plan: 'always' },
    });
    const result = await executor.settled(executionId);

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Steps.Retryable');
    expect(JSON.parse(result.cause ?? '{}')).toMatchObject({
      errorType: 'Steps.Retryable',
      errorMessage: 'database busy',
    });
    expect(fake.count('flaky')).toBe(3);
  });

  it('catches a terminal Lambda error by name, with a cause shaped like Lambda gives', async () => {
    const fake = createFakeLambda({
      flaky: () => {
        throw namedError('Steps.Terminal', 'release is not deployable');
      },
    });
    const { executor } = createHarness(fake);

    const { executionId } = await executor.start({
      machine: 'provision',
      name: randomUUID(),
      input: { attempt_plan: 'terminal' },
    });
    const result = await executor.settled(executionId);

    expect(result).toEqual({
      status: 'FAILED',
      error: 'Flow.Failed',
      cause: 'a terminal step failed',
    });
    expect(fake.count('flaky')).toBe(1);
    const recorded = fake.calls.find((c) => c.action === 'record_failure');
    expect(recorded?.error).toBe('Steps.Terminal');
    expect(JSON.parse(String(recorded?.cause))).toMatchObject({
      errorType: 'Steps.Terminal',
      errorMessage: 'release is not deployable',
    });
  });
});

describe('local executor: other integrations and limits', () => {
  it('serves sqs:sendMessage and lambda:invoke as Step Functions shapes them', async () => {
    const fake = createFakeLambda({ invoke: () => ({ answered: true }) });
    const { executor, queue } = createHarness(fake);

    const { executionId } = await executor.start({
      machine: 'remove-nodes',
      name: randomUUID(),
      input: { queue_url: QUEUE_URL, who: 'relay' },
    });
    const result = await executor.settled(executionId);
    const [message] = await queue.receive(QUEUE_URL);

    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(message?.body).toBe('{"hello":"relay"}');
    expect(fake.calls).toEqual([
      { action: 'invoke', message_id: message?.messageId },
      { action: 'check', invoked: { payload: { answered: true }, status: 200 } },
    ]);
  });

  it('fails a step whose output is larger than Step Functions carries', async () => {
    const fake = createFakeLambda({ flaky: () => ({ blob: 'x'.repeat(300_000) }) });
    const { executor } = createHarness(fake);

    const { executionId } = await executor.start({
      machine: 'provision',
      name: randomUUID(),
      input: { attempt_plan: 'huge' },
    });
    const result = await executor.settled(executionId);

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(fake.count('flaky')).toBe(1);
  });
});

describe('local executor: heartbeats and timeouts', () => {
  it('keeps a relay step alive while the relay sends heartbeats', async () => {
    const fake = createFakeLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, async (body: StepBody) => {
      for (let i = 0; i < 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await transport.sendTaskHeartbeat(body.task_token);
      }
      return { output: { status: 'done' } };
    });

    const { executionId } = await executor.start({
      machine: 'stop',
      name: randomUUID(),
      input: { queue_url: QUEUE_URL },
    });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result.status).toBe('SUCCEEDED');
    expect(fake.calls).toEqual([{ action: 'finished', result: { status: 'done' } }]);
  });

  it('fails a step without heartbeat with States.HeartbeatTimeout, which States.Timeout catches', async () => {
    const fake = createFakeLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, () => 'ignore');

    const { executionId } = await executor.start({
      machine: 'stop',
      name: randomUUID(),
      input: { queue_url: QUEUE_URL },
    });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result.status).toBe('SUCCEEDED');
    expect(fake.calls).toEqual([{ action: 'timed_out', error: 'States.HeartbeatTimeout' }]);
    const token = relay.received[0]?.task_token ?? '';
    await expect(transport.sendTaskSuccess(token, {})).rejects.toMatchObject({
      name: 'TaskTokenClosed',
    });
  });

  it('fails a step that outlives TimeoutSeconds with States.Timeout', async () => {
    const fake = createFakeLambda();
    const { executor, transport } = createHarness(fake);
    const beats: NodeJS.Timeout[] = [];
    const relay = startFakeRelay(transport, (body) => {
      beats.push(
        setInterval(() => transport.sendTaskHeartbeat(body.task_token).catch(() => undefined), 300),
      );
      return 'ignore';
    });

    const { executionId } = await executor.start({
      machine: 'stop',
      name: randomUUID(),
      input: { queue_url: QUEUE_URL },
    });
    const result = await executor.settled(executionId);
    for (const beat of beats) clearInterval(beat);
    await relay.stop();

    expect(result.status).toBe('SUCCEEDED');
    expect(fake.calls).toEqual([{ action: 'timed_out', error: 'States.Timeout' }]);
  });
});
