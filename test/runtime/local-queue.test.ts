import { afterEach, describe, expect, it } from 'vitest';
import { LocalQueue } from '../../infra/local/queue/local-queue.js';

const QUEUE = 'http://local/queue/site-1';

describe('LocalQueue', () => {
  let queue = new LocalQueue();

  afterEach(() => {
    queue.close();
    queue = new LocalQueue();
  });

  it('delivers messages in the order sent, each with a receive count of 1', async () => {
    const first = queue.send(QUEUE, 'one');
    const second = queue.send(QUEUE, 'two');

    const messages = await queue.receive(QUEUE, { max: 10 });

    expect(messages.map((m) => [m.messageId, m.body, m.receiveCount])).toEqual([
      [first, 'one', 1],
      [second, 'two', 1],
    ]);
  });

  it('keeps queues of different URLs apart', async () => {
    queue.send(QUEUE, 'for site 1');

    const other = await queue.receive('http://local/queue/site-2', { max: 10 });

    expect(other).toEqual([]);
    expect(queue.depth(QUEUE)).toEqual({ visible: 1, inFlight: 0 });
  });

  it('answers a long poll as soon as a message is sent', async () => {
    const started = Date.now();
    const polling = queue.receive(QUEUE, { waitSeconds: 5 });

    setTimeout(() => queue.send(QUEUE, 'late'), 50);
    const messages = await polling;

    expect(messages.map((m) => m.body)).toEqual(['late']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers a long poll with nothing when the wait ends empty', async () => {
    const started = Date.now();

    const messages = await queue.receive(QUEUE, { waitSeconds: 0.1 });

    expect(messages).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('ends a long poll with nothing when its signal aborts', async () => {
    const controller = new AbortController();
    const polling = queue.receive(QUEUE, { waitSeconds: 20, signal: controller.signal });

    controller.abort();

    await expect(polling).resolves.toEqual([]);
  });

  it('hides a received message until its visibility timeout, then delivers it again', async () => {
    queue.send(QUEUE, 'step');
    const [first] = await queue.receive(QUEUE, { visibilityTimeoutSeconds: 0.1 });

    const meanwhile = await queue.receive(QUEUE);
    const again = await queue.receive(QUEUE, { waitSeconds: 2 });

    expect(meanwhile).toEqual([]);
    expect(again).toHaveLength(1);
    expect(again[0]?.messageId).toBe(first?.messageId);
    expect(again[0]?.receiveCount).toBe(2);
    expect(again[0]?.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it('deletes a message by the handle of its latest delivery', async () => {
    queue.send(QUEUE, 'step');
    const [message] = await queue.receive(QUEUE);

    queue.delete(message?.receiptHandle ?? '');
    queue.delete(message?.receiptHandle ?? '');

    expect(queue.depth(QUEUE)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('keeps a message when it is deleted by the handle of an earlier delivery', async () => {
    queue.send(QUEUE, 'step');
    const [first] = await queue.receive(QUEUE, { visibilityTimeoutSeconds: 0.05 });
    await queue.receive(QUEUE, { waitSeconds: 2 });

    queue.delete(first?.receiptHandle ?? '');

    expect(queue.depth(QUEUE)).toEqual({ visible: 0, inFlight: 1 });
  });

  it('extends the visibility of a message in flight, and makes it visible at 0', async () => {
    queue.send(QUEUE, 'step');
    const [message] = await queue.receive(QUEUE, { visibilityTimeoutSeconds: 0.05 });

    queue.changeVisibility(message?.receiptHandle ?? '', 30);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const hidden = await queue.receive(QUEUE);
    queue.changeVisibility(message?.receiptHandle ?? '', 0);
    const visible = await queue.receive(QUEUE);

    expect(hidden).toEqual([]);
    expect(visible.map((m) => m.receiveCount)).toEqual([2]);
  });

  it('refuses to change the visibility of a message no longer in flight', async () => {
    queue.send(QUEUE, 'step');
    const [message] = await queue.receive(QUEUE);
    queue.delete(message?.receiptHandle ?? '');

    expect(() => queue.changeVisibility(message?.receiptHandle ?? '', 10)).toThrow(
      expect.objectContaining({ name: 'MessageNotInflight' }),
    );
  });

  it('refuses a receipt handle it did not give', () => {
    expect(() => queue.delete('not-a-handle')).toThrow(
      expect.objectContaining({ name: 'ReceiptHandleIsInvalid' }),
    );
  });

  it('refuses more messages than a queue may hold, and keeps what it has', () => {
    const bounded = new LocalQueue({ maxMessagesPerQueue: 2 });
    bounded.send(QUEUE, 'one');
    bounded.send(QUEUE, 'two');

    expect(() => bounded.send(QUEUE, 'three')).toThrow(
      expect.objectContaining({ name: 'OverLimit' }),
    );
    expect(bounded.depth(QUEUE)).toEqual({ visible: 2, inFlight: 0 });
    bounded.close();
  });

  it('refuses a body larger than SQS takes', () => {
    expect(() => queue.send(QUEUE, 'x'.repeat(262_145))).toThrow(
      expect.objectContaining({ name: 'InvalidParameterValue' }),
    );
    expect(queue.depth(QUEUE)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('refuses batch sizes and waits outside SQS ranges', () => {
    expect(() => queue.receive(QUEUE, { max: 11 })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterValue' }),
    );
    expect(() => queue.receive(QUEUE, { waitSeconds: 21 })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterValue' }),
    );
  });
});
