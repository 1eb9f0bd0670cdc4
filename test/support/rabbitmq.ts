import { createConnection } from 'node:net';

export const RABBITMQ_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

/** Whether a broker answers at RABBITMQ_URL (tests that need one skip with a reason otherwise). */
export async function rabbitmqReachable(): Promise<boolean> {
  const url = new URL(RABBITMQ_URL);
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 5672) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
