import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFakeLambda } from './support/fake-lambda.js';
import { startFakeRelay } from './support/fake-relay.js';
import { waitFor } from './support/fixtures.js';
import { createHarness, QUEUE_URL } from './support/harness.js';

const NODES = ['n1', 'n2', 'n3'];

function planLambda() {
  return createFakeLambda({
    plan: (p) => ({ nodes: p.nodes }),
    facts: (p) => ({ hostname: `node-${p.node}` }),
  });
}

function deployInput() {
  return { task_uuid: randomUUID(), queue_url: QUEUE_URL, nodes: NODES };
}

describe('local executor: start', () => {
  it('returns the existing execution when the same name starts again with the same input', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, () => ({ output: {} }));
    const request = { machine: 'deploy' as const, name: randomUUID(), input: deployInput() };

    const [first, second] = await Promise.all([executor.start(request), executor.start(request)]);
    await executor.settled(first.executionId);
    const third = await executor.start(request);
    await relay.stop();

    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(fake.count('plan')).toBe(1);
  });

  it('refuses the same name with another input, leaving the first execution as it was', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, () => ({ output: {} }));
    const name = randomUUID();
    const { executionId } = await executor.start({ machine: 'deploy', name, input: deployInput() });

    const again = executor.start({ machine: 'deploy', name, input: deployInput() });

    await expect(again).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(executor.settled(executionId)).resolves.toEqual({ status: 'SUCCEEDED' });
    await relay.stop();
    expect(fake.count('plan')).toBe(1);
  });

  it('refuses a machine it has no definition of', async () => {
    const { executor } = createHarness(createFakeLambda());

    await expect(
      executor.start({ machine: 'deploy-changes', name: randomUUID(), input: {} }),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('describes an unknown execution as undefined and refuses to stop or redrive it', async () => {
    const { executor } = createHarness(createFakeLambda());

    await expect(executor.describe('local:deploy:nope')).resolves.toBeUndefined();
    await expect(executor.stop('local:deploy:nope')).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    await expect(executor.redrive('local:deploy:nope')).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });
});

describe('local executor: stop', () => {
  it('aborts the run, closes its pending tokens and starts no further step', async () => {
    const fake = planLambda();
    const { executor, transport, tokens } = createHarness(fake);
    const relay = startFakeRelay(transport, () => 'ignore');
    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    await waitFor(() => relay.received.length === 2);

    await executor.stop(executionId, { error: 'Fuel.Stopped', cause: 'stop_deployment' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await relay.stop();

    await expect(executor.describe(executionId)).resolves.toEqual({
      status: 'ABORTED',
      error: 'Fuel.Stopped',
      cause: 'stop_deployment',
    });
    expect(tokens.pendingCount()).toBe(0);
    for (const body of relay.received) {
      await expect(transport.sendTaskSuccess(body.task_token, {})).rejects.toMatchObject({
        name: 'TaskTokenClosed',
      });
    }
    expect(relay.received).toHaveLength(2);
    expect(fake.count('facts')).toBe(2);
    expect(fake.count('finish')).toBe(0);
  });

  it('leaves a closed execution as it was', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    const relay = startFakeRelay(transport, () => ({ output: {} }));
    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    await executor.settled(executionId);

    await executor.stop(executionId, { error: 'late' });
    await relay.stop();

    await expect(executor.describe(executionId)).resolves.toEqual({ status: 'SUCCEEDED' });
  });
});

describe('local executor: redrive', () => {
  it('runs again only the step that failed and the steps after it', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    let failN2 = true;
    const relay = startFakeRelay(transport, async (body) => {
      if (body.node !== 'n2') return { output: { status: 'done', node: body.node } };
      if (!failN2) return { output: { status: 'done', node: 'n2' } };
      // Only once the other nodes have finished, so that n2 alone fails the Map.
      await waitFor(() => fake.count('node_done', 'n1') + fake.count('node_done', 'n3') === 2);
      failN2 = false;
      return { error: 'Relay.StepFailed', cause: '{"message":"cobbler refused"}' };
    });
    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    const failed = await executor.settled(executionId);
    const transitionsBefore = executor.transitions(executionId);

    await executor.redrive(executionId);
    const redriven = await executor.settled(executionId);
    await relay.stop();

    expect(failed).toEqual({
      status: 'FAILED',
      error: 'Relay.StepFailed',
      cause: '{"message":"cobbler refused"}',
    });
    expect(redriven).toEqual({ status: 'SUCCEEDED' });
    expect(fake.count('plan')).toBe(1);
    for (const node of NODES) expect(fake.count('facts', node)).toBe(1);
    for (const node of NODES) expect(fake.count('node_done', node)).toBe(1);
    expect(relay.received.filter((b) => b.node === 'n1')).toHaveLength(1);
    expect(relay.received.filter((b) => b.node === 'n2')).toHaveLength(2);
    expect(relay.received.filter((b) => b.node === 'n3')).toHaveLength(1);
    expect(fake.count('finish')).toBe(1);
    expect(executor.transitions(executionId)).toBeGreaterThan(transitionsBefore);
  });

  it('redrives an aborted execution', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    let answering = false;
    const relay = startFakeRelay(transport, () => (answering ? { output: {} } : 'ignore'));
    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    await waitFor(() => relay.received.length === 2);
    await executor.stop(executionId);

    answering = true;
    await executor.redrive(executionId);
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(fake.count('plan')).toBe(1);
    expect(fake.count('finish')).toBe(1);
  });

  it('refuses to redrive a running or a succeeded execution', async () => {
    const fake = planLambda();
    const { executor, transport } = createHarness(fake);
    let answering = false;
    const relay = startFakeRelay(transport, () => (answering ? { output: {} } : 'ignore'));
    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: deployInput(),
    });
    await waitFor(() => relay.received.length === 2);

    const whileRunning = executor.redrive(executionId);
    await expect(whileRunning).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
    answering = true;
    await executor.stop(executionId);
    await executor.redrive(executionId);
    await executor.settled(executionId);
    const afterSuccess = executor.redrive(executionId);
    await relay.stop();

    await expect(afterSuccess).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
    await expect(executor.describe(executionId)).resolves.toEqual({ status: 'SUCCEEDED' });
  });
});
