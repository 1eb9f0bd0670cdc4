import { afterEach, describe, expect, it } from 'vitest';
import {
  BridgeClient,
  type BridgeClientOptions,
  BridgePool,
  getSystemType,
  McoAgentFailed,
  McoBridgeDied,
  McoDriver,
  McoNoResponse,
  McoTransportFailed,
  McoValidationFailed,
} from '../../agent/relay/drivers/mcollective/index.js';

// A stand-in for mco-bridge.rb speaking the same JSON-lines protocol; the agent name picks
// the behaviour. "late-*" nodes answer from their third request on.
const FAKE_BRIDGE = `
const mode = process.argv[1];
if (mode === 'fatal') {
  console.log(JSON.stringify({ fatal: 'connection refused by broker' }));
  process.exit(1);
}
if (mode === 'silent') setInterval(() => {}, 1000);
else console.log(JSON.stringify({ ready: true, pid: process.pid, mcollective: 'fake' }));
const seen = new Map();
const ok = (node, data) => ({ sender: node, statuscode: 0, statusmsg: 'OK', data });
const send = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (text) => {
  const req = JSON.parse(text);
  const answer = (replies, no_response = []) => send({ id: req.id, replies, no_response });
  switch (req.agent) {
    case 'echo': return answer(req.nodes.map((n) => ok(n, { args: req.args, timeout: req.timeout })));
    case 'slow': return setTimeout(() => answer(req.nodes.map((n) => ok(n, {}))), 150);
    case 'die': return process.exit(3);
    case 'hang': return undefined;
    case 'noisy': process.stdout.write('not json\\n'); return answer([ok(req.nodes[0], {})]);
    case 'refuse': return send({ id: req.id, error: { kind: 'validation', message: 'bad input' } });
    case 'broken': return send({ id: req.id, error: { kind: 'internal', message: 'no broker' } });
    case 'fail': return answer([{ sender: req.nodes[0], statuscode: 1, statusmsg: 'nope', data: { out: 'partial' } }]);
    case 'invalid': return answer([{ sender: req.nodes[0], statuscode: 4, statusmsg: 'bad value', data: {} }]);
    case 'systemtype': return answer([ok(req.nodes[0], { something: 'else' })]);
    case 'flaky': {
      const replies = [];
      const silent = [];
      for (const n of req.nodes) {
        const count = (seen.get(n) ?? 0) + 1;
        seen.set(n, count);
        if (n.startsWith('late') && count < 3) silent.push(n); else replies.push(ok(n, { count }));
      }
      return answer(replies, silent);
    }
  }
});
`;

const clients: { close(): Promise<void> }[] = [];

function fakeOptions(mode = 'normal', extra: Partial<BridgeClientOptions> = {}) {
  return {
    configPath: 'unused.cfg',
    command: { file: process.execPath, args: ['-e', FAKE_BRIDGE, mode] },
    answerGraceMs: 300,
    startTimeoutMs: 2000,
    ...extra,
  } satisfies BridgeClientOptions;
}

function fakeClient(mode = 'normal', extra: Partial<BridgeClientOptions> = {}): BridgeClient {
  const client = new BridgeClient(fakeOptions(mode, extra));
  clients.push(client);
  return client;
}

function fakeDriver(retries = 3): McoDriver {
  return new McoDriver({ transport: fakeClient(), retries, retryDelayMs: 10 });
}

const request = (agent: string, nodes = ['1'], args: Record<string, unknown> = {}) => ({
  agent,
  action: 'run',
  args,
  nodes,
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('BridgeClient', () => {
  it('answers concurrent calls in order, each with its own result', async () => {
    const client = fakeClient();

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.call(request('echo', ['1'], { i }))),
    );

    expect(results.map((r) => r.replies[0]?.data.args)).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ i })),
    );
    expect(client.starts).toBe(1);
  });

  it('passes the timeout to the bridge', async () => {
    const client = fakeClient();

    const result = await client.call({ ...request('echo'), timeoutSeconds: 7 });

    expect(result.replies[0]?.data.timeout).toBe(7);
  });

  it('fails the call in flight with McoBridgeDied when the bridge exits, then restarts it', async () => {
    const client = fakeClient();
    await client.call(request('echo'));
    const firstPid = client.pid;

    const died = await client.call(request('die')).catch((error: unknown) => error);
    const after = await client.call(request('echo'));

    expect(died).toBeInstanceOf(McoBridgeDied);
    expect((died as McoBridgeDied).retryable).toBe(true);
    expect((died as McoBridgeDied).agent).toBe('die');
    expect(after.replies).toHaveLength(1);
    expect(client.starts).toBe(2);
    expect(client.pid).not.toBe(firstPid);
  });

  it('kills a bridge that gives no answer past the deadline and starts a new one', async () => {
    const client = fakeClient();
    const started = Date.now();

    const hung = await client
      .call({ ...request('hang'), timeoutSeconds: 0.2 })
      .catch((error: unknown) => error);
    const after = await client.call(request('echo'));

    expect(hung).toBeInstanceOf(McoBridgeDied);
    expect(String((hung as Error).message)).toContain('no answer');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(after.replies).toHaveLength(1);
    expect(client.starts).toBe(2);
  });

  it('reports a bridge that cannot connect with its reason', async () => {
    const client = fakeClient('fatal');

    const error = await client.call(request('echo')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoBridgeDied);
    expect((error as Error).message).toContain('connection refused by broker');
  });

  it('gives up on a bridge that never greets', async () => {
    const client = fakeClient('silent', { startTimeoutMs: 300 });

    const error = await client.call(request('echo')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoBridgeDied);
    expect((error as Error).message).toContain('did not start');
  });

  it('reports a bridge that cannot be spawned', async () => {
    const client = fakeClient('normal', {
      command: { file: '/nonexistent/ruby', args: [] },
    });

    const error = await client.call(request('echo')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoBridgeDied);
  });

  it('maps bridge errors to validation and transport failures', async () => {
    const client = fakeClient();

    const refused = await client.call(request('refuse')).catch((e: unknown) => e);
    const broken = await client.call(request('broken')).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(McoValidationFailed);
    expect((refused as McoValidationFailed).retryable).toBe(false);
    expect(broken).toBeInstanceOf(McoTransportFailed);
    expect((broken as McoTransportFailed).retryable).toBe(true);
    expect(client.starts).toBe(1);
  });

  it('ignores lines that are not protocol answers', async () => {
    const client = fakeClient();

    const result = await client.call(request('noisy'));

    expect(result.replies).toHaveLength(1);
  });

  it('finishes queued calls on close and refuses calls afterwards', async () => {
    const client = new BridgeClient(fakeOptions());
    const queued = [client.call(request('slow')), client.call(request('slow'))];

    await client.close();
    const late = await client.call(request('echo')).catch((e: unknown) => e);

    await expect(Promise.all(queued)).resolves.toHaveLength(2);
    expect(late).toBeInstanceOf(McoBridgeDied);
    expect(client.pid).toBeUndefined();
  });
});

describe('BridgePool', () => {
  it('runs slow calls side by side on separate bridges', async () => {
    const pool = new BridgePool(2, fakeOptions());
    clients.push(pool);
    await Promise.all([pool.call(request('echo')), pool.call(request('echo'))]);
    const started = Date.now();

    await Promise.all(Array.from({ length: 4 }, () => pool.call(request('slow'))));

    expect(Date.now() - started).toBeLessThan(550);
    expect(pool.clients.map((client) => client.starts)).toEqual([1, 1]);
  });

  it('refuses a size below one', () => {
    expect(() => new BridgePool(0, fakeOptions())).toThrow(RangeError);
  });
});

describe('McoDriver', () => {
  it('asks silent nodes again until they answer', async () => {
    const driver = fakeDriver(3);

    const result = await driver.rpc(request('flaky', ['1', 'late-a', 'late-b']));

    expect(result.noResponse).toEqual([]);
    expect(result.replies.map((r) => [r.sender, r.data.count])).toEqual([
      ['1', 1],
      ['late-a', 3],
      ['late-b', 3],
    ]);
  });

  it('throws McoNoResponse naming the nodes still silent after the retries', async () => {
    const driver = fakeDriver(1);

    const error = await driver.call(request('flaky', ['1', 'late-c'])).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoNoResponse);
    expect((error as McoNoResponse).nodes).toEqual(['late-c']);
    expect((error as McoNoResponse).retryable).toBe(true);
    expect((error as Error).message).toContain('after 2 attempt(s)');
  });

  it('returns silent nodes from rpc without throwing', async () => {
    const driver = fakeDriver(0);

    const result = await driver.rpc(request('flaky', ['late-d']));

    expect(result).toEqual({ replies: [], noResponse: ['late-d'] });
  });

  it('throws McoAgentFailed with the status message and data for statuscode 1', async () => {
    const driver = fakeDriver();

    const error = await driver.call(request('fail', ['7'])).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoAgentFailed);
    expect(error).toMatchObject({ node: '7', statuscode: 1, statusmsg: 'nope', retryable: false });
    expect((error as McoAgentFailed).data).toEqual({ out: 'partial' });
  });

  it('throws McoValidationFailed for statuscode 4, naming the node', async () => {
    const driver = fakeDriver();

    const error = await driver.call(request('invalid', ['7'])).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoValidationFailed);
    expect((error as McoValidationFailed).node).toBe('7');
  });

  it('reports reply data of an unexpected shape as a failure of the node', async () => {
    const driver = fakeDriver();

    const error = await getSystemType(driver, '3').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(McoAgentFailed);
    expect((error as Error).message).toContain('node_type');
  });
});
