import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RABBITMQ_URL, rabbitmqReachable } from '../support/rabbitmq.js';
import { type LabStack, startLabStack } from './support/lab-stack.js';

const reachable = await rabbitmqReachable();
if (!reachable) console.warn(`skipping the lab over RabbitMQ: no broker at ${RABBITMQ_URL}`);

describe.skipIf(!reachable)('the embedded mode with AMQP_URL set', () => {
  // A name of its own, so that parallel runs never consume each other's reports.
  const name = `nailgun-lab-${randomBytes(4).toString('hex')}`;
  const tap = `${name}-tap`;
  let stack: LabStack;
  let connection: amqp.ChannelModel;
  let channel: amqp.Channel;
  beforeAll(async () => {
    stack = await startLabStack({
      nodes: 2,
      speed: 'instant',
      amqp: { url: RABBITMQ_URL, exchange: name, queue: name },
    });
    connection = await amqp.connect(RABBITMQ_URL);
    channel = await connection.createChannel();
    // A second queue on the exchange keeps a copy of every report the relay published.
    await channel.assertQueue(tap, { autoDelete: false });
    await channel.bindQueue(tap, name, 'nailgun');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    for (const queue of [name, tap]) await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteExchange(name).catch(() => undefined);
    await connection.close();
  });

  it('deploys the lab with the relay’s progress applied by the RabbitMQ consumer', async () => {
    const nodes = await stack.until('2 nodes registered', async () => {
      const { body } = await stack.request('GET', '/api/v1/nodes/');
      return body?.length === 2 ? (body as Array<{ id: number }>) : undefined;
    });
    const cluster = await stack.request('POST', '/api/v1/clusters/', {
      name: 'lab-amqp',
      release_id: 1,
    });
    await stack.request('POST', `/api/v1/clusters/${cluster.body.id}/assignment/`, [
      { id: nodes[0]?.id, roles: ['controller'] },
      { id: nodes[1]?.id, roles: ['compute'] },
    ]);

    const started = await stack.request('PUT', `/api/v1/clusters/${cluster.body.id}/changes`);
    const task = await stack.until('deployment ended', async () => {
      const { body } = await stack.request('GET', `/api/v1/tasks/${started.body.id}/`);
      return body.status === 'ready' || body.status === 'error' ? body : undefined;
    });
    const deployed = await stack.request('GET', `/api/v1/nodes/?cluster_id=${cluster.body.id}`);
    const copies = await channel.checkQueue(tap);

    expect(started.status).toBe(202);
    expect(task.status).toBe('ready');
    expect(deployed.body.map((n: { status: string; progress: number }) => n.progress)).toEqual([
      100, 100,
    ]);
    expect(copies.messageCount).toBeGreaterThan(4);
  });
});
