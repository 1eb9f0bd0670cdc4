/**
 * Ways to take RabbitMQ away from a client in tests: a TCP proxy in front of the broker whose
 * connections can be cut and refused, and a broker-side close of one named connection through
 * `rabbitmqctl` (which leaves every other client of the broker alone).
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A proxy to `host:port` on a free local port. */
export interface TcpProxy {
  readonly port: number;
  /** Destroys every proxied connection, as a broker crash or network cut would. */
  cut(): void;
  /** Refuses (resets) new connections until `accept()`. */
  refuse(): void;
  accept(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(port, host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    port: (server.address() as AddressInfo).port,
    cut,
    refuse: () => {
      refusing = true;
    },
    accept: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}

/** Whether `rabbitmqctl` can talk to the local broker. */
export async function rabbitmqctlWorks(): Promise<boolean> {
  try {
    await run('rabbitmqctl', ['-q', 'list_connections', 'pid'], { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** Closes, broker side, the connections whose client named itself `name`; returns how many. */
export async function closeNamedConnections(name: string): Promise<number> {
  const { stdout } = await run(
    'rabbitmqctl',
    ['-q', 'list_connections', '--no-table-headers', 'pid', 'client_properties'],
    { timeout: 15_000 },
  );
  const marker = `{"connection_name","${name}"}`;
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => line.split('\t')[0] ?? '');
  for (const pid of pids) {
    await run('rabbitmqctl', ['-q', 'close_connection', pid, 'test: broker restart'], {
      timeout: 15_000,
    });
  }

  return pids.length;
}
