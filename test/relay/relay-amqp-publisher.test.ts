import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AmqpProgressPublisher,
  createAmqpPublisher,
} from '../../agent/relay/progress/amqp-publisher.js';
import type { ProgressMessage } from '../../statemachines/contracts/index.js';
import {
  closeNamedConnections,
  rabbitmqctlWorks,
  startTcpProxy,
  type TcpProxy,
} from './support/relay-broker.js';
import { eventually } from './support/relay-harness.js';

const BROKER = 'amqp://guest:guest@127.0.0.1:5672';

async function brokerReachable(): Promise<boolean> {
  try {
    const connection = await amqp.connect(BROKER, { timeout: 2_000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

const reachable = await brokerReachable();
const withRabbitmqctl = reachable && (await rabbitmqctlWorks());

/** A progress report numbered `n`, so that loss and order can be checked. */
function report(n: number, run: string): ProgressMessage {
  return {
    method: 'deploy_resp',
    args: { task_uuid: run, nodes: [{ uid: String(n), status: 'deploying', progress: n % 100 }] },
  };
}

/** Every message in `queue`, taken off it. */
async function drain(channel: Channel, queue: string): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (message === false) return messages;
    messages.push(message);
  }
}

function uidsOf(messages: GetMessage[]): number[] {
  return messages.map((m) => {
    const body = JSON.parse(m.content.toString('utf8')) as ProgressMessage;
    return Number(body.args.nodes?.[0]?.uid);
  });
}

// Skipped when no RabbitMQ listens on 127.0.0.1:5672 (CI starts one; see agent/relay/README.md).
describe.skipIf(!reachable)('AMQP progress publisher', () => {
  const run = `relay-test-${randomUUID()}`;
  let admin: ChannelModel;
  let channel: Channel;
  let proxy: TcpProxy;
  const publishers: AmqpProgressPublisher[] = [];
  const names: string[] = [];

  /** A publisher on its own exchange and queue, through the proxy unless told otherwise. */
  function publisherFor(name: string, options: { direct?: boolean } = {}) {
    const exchange = `${run}-${name}`;
    names.push(exchange);
    const port = options.direct === true ? 5672 : proxy.port;
    const publisher = createAmqpPublisher({
      url: `amqp://guest:guest@127.0.0.1:${port}`,
      exchange,
      queue: exchange,
      reconnect: { initialMs: 20, maxMs: 200 },
      connectionName: exchange,
      closeGraceMs: 2_000,
    });
    publishers.push(publisher);
    return { publisher, exchange, queue: exchange };
  }

  beforeAll(async () => {
    admin = await amqp.connect(BROKER);
    channel = await admin.createChannel();
    proxy = await startTcpProxy('127.0.0.1', 5672);
  });

  afterAll(async () => {
    for (const publisher of publishers) await publisher.close();
    for (const name of names) {
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.deleteExchange(name).catch(() => undefined);
    }
    await admin.close();
    await proxy.close();
  });

  it('publishes persistent JSON on a durable topic exchange, confirmed by the broker', async () => {
    const { publisher, exchange, queue } = publisherFor('confirms', { direct: true });

    publisher.publish(report(1, run));
    publisher.publish(report(2, run));
    await publisher.flush(5_000);

    expect(publisher.pending).toBe(0);
    await expect(
      channel.assertExchange(exchange, 'topic', { durable: true }),
    ).resolves.toBeTruthy();
    const messages = await drain(channel, queue);
    expect(uidsOf(messages)).toEqual([1, 2]);
    expect(messages[0]?.fields.routingKey).toBe('nailgun');
    expect(messages[0]?.properties).toMatchObject({
      contentType: 'application/json',
      deliveryMode: 2,
    });
    expect(JSON.parse(messages[0]?.content.toString('utf8') ?? '')).toEqual(report(1, run));
  });

  it('loses no report when the connection is cut and the broker stays away a while', async () => {
    const { publisher, queue } = publisherFor('cut');
    await eventually(() => publisher.connected);

    for (let n = 1; n <= 200; n += 1) publisher.publish(report(n, run));
    proxy.refuse();
    proxy.cut();
    for (let n = 201; n <= 300; n += 1) publisher.publish(report(n, run));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pendingWhileAway = publisher.pending;
    proxy.accept();
    await publisher.flush(10_000);

    expect(pendingWhileAway).toBeGreaterThanOrEqual(100);
    expect(publisher.connected).toBe(true);
    const uids = uidsOf(await drain(channel, queue));
    const firsts = [...new Set(uids)];
    expect(firsts).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('keeps reports published before the broker is reachable and sends them on connect', async () => {
    proxy.refuse();
    const { publisher, queue } = publisherFor('late');

    publisher.publish(report(1, run));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const connectedWhileAway = publisher.connected;
    proxy.accept();
    await publisher.flush(10_000);

    expect(connectedWhileAway).toBe(false);
    expect(uidsOf(await drain(channel, queue))).toEqual([1]);
  });

  it.skipIf(!withRabbitmqctl)(
    'loses no report when the broker closes the connection',
    async () => {
      const { publisher, exchange, queue } = publisherFor('forced', { direct: true });
      await eventually(() => publisher.connected);
      for (let n = 1; n <= 50; n += 1) publisher.publish(report(n, run));

      const closed = await closeNamedConnections(exchange);
      for (let n = 51; n <= 100; n += 1) publisher.publish(report(n, run));
      await publisher.flush(15_000);

      expect(closed).toBe(1);
      const firsts = [...new Set(uidsOf(await drain(channel, queue)))];
      expect(firsts).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    },
    30_000,
  );
});
