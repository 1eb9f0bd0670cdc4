import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TaskTokenClosed } from '../../agent/relay/transport/task-token-closed.js';
import { LocalQueue } from '../../infra/local/queue/local-queue.js';
import { createLocalTransport } from '../../infra/local/queue/local-transport.js';
import { TokenRegistry } from '../../infra/local/queue/token-registry.js';
import { createFakeLambda } from './support/fake-lambda.js';
import { startFakeRelay } from './support/fake-relay.js';
import { createHarness, QUEUE_URL } from './support/harness.js';

function localTransport() {
  const queue = new LocalQueue();
  const tokens = new TokenRegistry();
  return { queue, tokens, transport: createLocalTransport({ queue, tokens, queueUrl: QUEUE_URL }) };
}

describe('local transport', () => {
  it('carries a whole execution between the executor and a relay loop', async () => {
    const fake = createFakeLambda({ plan: (p) => ({ nodes: p.nodes }) });
    const { executor, transport, queue } = createHarness(fake);
    const relay = startFakeRelay(transport, (body) => ({
      output: { status: 'done', node: body.node },
    }));

    const { executionId } = await executor.start({
      machine: 'deploy',
      name: randomUUID(),
      input: { task_uuid: randomUUID(), queue_url: QUEUE_URL, nodes: ['a', 'b'] },
    });
    const result = await executor.settled(executionId);
    await relay.stop();

    expect(result).toEqual({ status: 'SUCCEEDED' });
    expect(relay.errors).toEqual([]);
    expect(queue.depth(QUEUE_URL)).toEqual({ visible: 0, inFlight: 0 });
    expect(fake.calls.filter((c) => c.action === 'node_done').map((c) => c.result)).toEqual(
      expect.arrayContaining([
        { status: 'done', node: 'a' },
        { status: 'done', node: 'b' },
      ]),
    );
  });

  it('redelivers a message the relay did not delete, with a higher receive count', async () => {
    const { queue, transport } = localTransport();
    queue.send(QUEUE_URL, '{"step":"cobbler.sync"}');

    const [first] = await transport.receive({
      max: 1,
      waitSeconds: 0,
      visibilityTimeoutSeconds: 0.05,
    });
    const [second] = await transport.receive({
      max: 1,
      waitSeconds: 2,
      visibilityTimeoutSeconds: 30,
    });

    expect(first?.receiveCount).toBe(1);
    expect(second?.messageId).toBe(first?.messageId);
    expect(second?.receiveCount).toBe(2);
  });

  it('keeps a message hidden while the relay extends its visibility', async () => {
    const { queue, transport } = localTransport();
    queue.send(QUEUE_URL, '{}');
    const [message] = await transport.receive({
      max: 1,
      waitSeconds: 0,
      visibilityTimeoutSeconds: 0.05,
    });

    await transport.extendVisibility(message?.receiptHandle ?? '', 30);
    const meanwhile = await transport.receive({
      max: 1,
      waitSeconds: 0.2,
      visibilityTimeoutSeconds: 30,
    });
    await transport.delete(message?.receiptHandle ?? '');

    expect(meanwhile).toEqual([]);
    expect(queue.depth(QUEUE_URL)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('answers a token once, then reports it closed', async () => {
    const { tokens, transport } = localTransport();
    const waiting = tokens.register('token-1');

    await transport.sendTaskHeartbeat('token-1');
    await transport.sendTaskSuccess('token-1', { status: 'done' });
    const again = transport.sendTaskFailure('token-1', 'Relay.StepFailed', 'late');

    await expect(waiting).resolves.toEqual({ status: 'done' });
    await expect(again).rejects.toBeInstanceOf(TaskTokenClosed);
    await expect(again).rejects.toMatchObject({ cause: { name: 'TaskTimedOut' } });
  });

  it('reports an unknown token as closed', async () => {
    const { transport } = localTransport();

    const answer = transport.sendTaskSuccess('never-given', {});

    await expect(answer).rejects.toMatchObject({
      name: 'TaskTokenClosed',
      cause: { name: 'InvalidToken' },
    });
  });
});
