import { z } from 'zod';

/**
 * The event an Amazon MQ (RabbitMQ) event source mapping hands Lambda: messages grouped by
 * `"<queue>::<vhost>"`, bodies base64-encoded. @types/aws-lambda has no type for it.
 */
export const rmqEventSchema = z.object({
  eventSource: z.literal('aws:rmq'),
  eventSourceArn: z.string().optional(),
  rmqMessagesByQueue: z.record(
    z.string(),
    z.array(
      z.looseObject({
        basicProperties: z.looseObject({}).optional(),
        redelivered: z.boolean().optional(),
        data: z.string(),
      }),
    ),
  ),
});

export type RmqEvent = z.infer<typeof rmqEventSchema>;

/** The decoded bodies of an event, in queue order; undecodable ones come back as errors. */
export function decodeRmqEvent(event: RmqEvent): Array<{ body: unknown } | { error: string }> {
  return Object.values(event.rmqMessagesByQueue).flatMap((messages) =>
    messages.map((message) => {
      try {
        return {
          body: JSON.parse(Buffer.from(message.data, 'base64').toString('utf8')) as unknown,
        };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
