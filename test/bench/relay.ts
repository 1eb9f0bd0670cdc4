/**
 * npm run bench:relay — MCollective call latency through the relay's Ruby bridge against the
 * real mcollectived, next to `mco rpc` from the shell in the same run; and relay step
 * throughput with instant drivers. Target: bridge p50 under 10 ms per call on loopback.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMcoDriver, McoDriver } from '../../agent/relay/drivers/mcollective/index.js';
import { createMemoryJournal } from '../../agent/relay/idempotency.js';
import { createJsonLogger } from '../../agent/relay/logger.js';
import { createCallbackPublisher } from '../../agent/relay/progress/publisher.js';
import { startRelay } from '../../agent/relay/relay.js';
import type { CobblerPort } from '../../agent/relay/steps/context.js';
import { LocalQueue } from '../../infra/local/queue/local-queue.js';
import { createLocalTransport } from '../../infra/local/queue/local-transport.js';
import { TokenRegistry } from '../../infra/local/queue/token-registry.js';
import { ScriptedMcollective } from '../relay/support/relay-scripted-nodes.js';

const run = promisify(execFile);
const SETUP = new URL('../../agent/mcollective/setup/', import.meta.url).pathname;
const RUNTIME = '/tmp/fuel-mco-bench';
const IDENTITY = 'bench-node';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (n: number) => n.toFixed(2).padStart(8);

async function bridgeLatency(calls: number): Promise<number[]> {
  const driver = createMcoDriver({ configPath: join(RUNTIME, 'client.cfg') });
  const request = { agent: 'rpcutil', action: 'ping', nodes: [IDENTITY], retries: 0 };
  await driver.rpc(request);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await driver.rpc(request);
    times.push(performance.now() - started);
  }
  await driver.close();
  return times;
}

/** `mco rpc` as a script would call it; stdin closed, or mco waits for node names on it. */
function mcoShell(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'mco',
      ['rpc', 'rpcutil', 'ping', '-I', IDENTITY, '--json', '--config', join(RUNTIME, 'client.cfg')],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`mco exited ${code}`)),
    );
  });
}

const instantCobbler: CobblerPort = {
  upsertSystem: async () => undefined,
  removeSystemsByMac: async () => [],
  sync: async () => undefined,
  setNetboot: async () => undefined,
  removeSystem: async () => true,
  power: async () => undefined,
} as unknown as CobblerPort;

/** Steps a relay answers per second when Cobbler and MCollective answer at once. */
async function relayThroughput(steps: number, maxInFlight: number) {
  const queue = new LocalQueue({ maxMessagesPerQueue: steps + 10 });
  const tokens = new TokenRegistry();
  const queueUrl = 'http://localhost/queue/bench';
  const nodes = new ScriptedMcollective();
  for (let i = 1; i <= 50; i++) nodes.add(String(i));
  const answered: Promise<unknown>[] = [];
  for (let i = 0; i < steps; i++) {
    const token = randomUUID();
    answered.push(tokens.register(token, { timeoutSeconds: 600 }));
    const node = (i % 50) + 1;
    queue.send(
      queueUrl,
      JSON.stringify({
        version: 1,
        step: 'node.upload_file',
        task_token: token,
        task_uuid: randomUUID(),
        cluster_id: 1,
        node_id: node,
        node_uid: String(node),
        params: {
          path: '/etc/astute.yaml',
          content: 'uid: 1',
          permissions: '0600',
          overwrite: true,
          parents: true,
        },
        correlation_id: 'bench',
      }),
    );
  }
  const started = performance.now();
  const relay = startRelay({
    transport: createLocalTransport({ queue, tokens, queueUrl }),
    cobbler: instantCobbler,
    mcollective: new McoDriver({ transport: nodes, retries: 0 }),
    progress: createCallbackPublisher(() => undefined),
    journal: createMemoryJournal(),
    logger: createJsonLogger({ level: 'error' }),
    runner: { maxInFlight, waitSeconds: 1 },
  });
  await Promise.all(answered);
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  return { seconds, perSecond: steps / seconds };
}

async function main(): Promise<void> {
  const setup = await run('bash', [join(SETUP, 'ci-setup.sh'), RUNTIME], {
    env: { ...process.env, MCO_SKIP_INSTALL: '1', MCO_IDENTITY: IDENTITY },
    timeout: 180_000,
  }).catch((error: unknown) => ({ stdout: `unavailable: ${error}` }));
  const verdict = setup.stdout.trim().split('\n').at(-1) ?? '';
  console.log(`bench:relay — MCollective: ${verdict}`);
  let failed = false;
  if (verdict.includes('ready')) {
    const bridge = await bridgeLatency(200);
    const shell: number[] = [];
    for (let i = 0; i < 20; i++) shell.push(await mcoShell());
    console.log('\n| path                               | calls |   p50 ms |   p99 ms |');
    console.log('|------------------------------------|-------|----------|----------|');
    console.log(
      `| relay bridge (rpcutil ping)        |   200 | ${ms(percentile(bridge, 50))} | ${ms(percentile(bridge, 99))} |`,
    );
    console.log(
      `| mco rpc from the shell (baseline)  |    20 | ${ms(percentile(shell, 50))} | ${ms(percentile(shell, 99))} |`,
    );
    const p50 = percentile(bridge, 50);
    console.log(`\n${p50 < 10 ? 'PASS' : 'FAIL'}  bridge p50 < 10 ms: ${p50.toFixed(2)} ms`);
    failed ||= p50 >= 10;
    await run('bash', [join(SETUP, 'stop.sh'), RUNTIME]).catch(() => undefined);
  } else {
    console.log('SKIP  MCollective latency: no mcollectived here');
  }
  console.log('\n| relay, instant drivers | steps | in flight | seconds | steps/s |');
  console.log('|------------------------|-------|-----------|---------|---------|');
  for (const inFlight of [1, 8, 32]) {
    const t = await relayThroughput(2000, inFlight);
    console.log(
      `| node.upload_file       |  2000 | ${String(inFlight).padStart(9)} | ${t.seconds.toFixed(2).padStart(7)} | ${t.perSecond.toFixed(0).padStart(7)} |`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
