import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeProgress, type ProgressConsumer } from '../../functions/progress/amqp-consumer.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildEnvironment, discoverNodes, waitForTask } from '../support/lab.js';
import { RABBITMQ_URL, rabbitmqReachable } from '../support/rabbitmq.js';
import { type ScriptedRelay, startScriptedRelay } from '../support/scripted-relay.js';

const reachable = await rabbitmqReachable();
if (!reachable) console.warn(`skipping RabbitMQ progress tests: no broker at ${RABBITMQ_URL}`);

describe.skipIf(!reachable)('a deployment whose progress travels over RabbitMQ', () => {
  const names = { exchange: `nailgun-test-${randomBytes(4).toString('hex')}`, queue: '' };
  names.queue = names.exchange;
  let api: TestApi;
  let consumer: ProgressConsumer;
  let connection: amqp.ChannelModel;
  let channel: amqp.ConfirmChannel;
  let relay: ScriptedRelay | undefined;

  beforeAll(async () => {
    api = await startTestApi();
    consumer = await consumeProgress(api.deps, RABBITMQ_URL, names);
    connection = await amqp.connect(RABBITMQ_URL);
    channel = await connection.createConfirmChannel();
  });
  afterAll(async () => {
    await relay?.stop();
    await consumer.close();
    await channel.deleteQueue(names.queue).catch(() => undefined);
    await channel.deleteExchange(names.exchange).catch(() => undefined);
    await connection.close();
    await api.close();
  });

  it('reaches operational with node progress applied by the consumer', async () => {
    const [controller, compute] = (await discoverNodes(api, 2)) as [number, number];
    const clusterId = await buildEnvironment(api, 'via-rabbitmq', [
      { id: controller, roles: ['controller'] },
      { id: compute, roles: ['compute'] },
    ]);
    const seen: number[] = [];
    relay = startScriptedRelay(api.runtime, {
      publish: async (report) => {
        channel.publish(names.exchange, 'nailgun', Buffer.from(JSON.stringify(report)), {
          contentType: 'application/json',
          persistent: true,
        });
        await channel.waitForConfirms();
        const progress = (report.args.nodes as { progress?: number }[] | undefined)?.[0]?.progress;
        if (progress !== undefined) seen.push(progress);
      },
    });

    const started = await api.request('PUT', `/api/v1/clusters/${clusterId}/changes`);
    const finished = await waitForTask(api, started.body.id);
    const cluster = await api.request('GET', `/api/v1/clusters/${clusterId}`);
    const history = await api.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM deployment_history',
    );

    expect(finished.status).toBe('ready');
    expect(cluster.body.status).toBe('operational');
    expect(seen).toContain(60);
    expect(history.rows[0]?.n).toBeGreaterThan(0);
  });
});
