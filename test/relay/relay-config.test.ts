import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadRelayConfig,
  parseRelayConfig,
  RelayConfigError,
  readCredential,
} from '../../agent/relay/config.js';
import { noopRelayLogger } from '../../agent/relay/logger.js';
import { createMemoryPublisher } from '../../agent/relay/progress/publisher.js';
import { startRelayService } from '../../agent/relay/service.js';
import {
  type CobblerSimulator,
  startCobblerSimulator,
} from '../../infra/local/cobbler-simulator/index.js';
import { LocalQueue } from '../../infra/local/queue/local-queue.js';
import { createLocalTransport } from '../../infra/local/queue/local-transport.js';
import { TokenRegistry } from '../../infra/local/queue/token-registry.js';
import { stepMessage } from './support/relay-harness.js';

const MINIMAL = {
  site: 'dc1',
  cloud: { api_url: 'https://fuel.example.com', credential: 'secret' },
  queue: { url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/fuel-site-dc1' },
  cobbler: { url: 'http://10.20.0.2/cobbler_api' },
  mcollective: { config_path: '/etc/mcollective/client.cfg' },
};

describe('relay config', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fills in the defaults: Astute intervals, 20 s heartbeats, discovery on port 8000', () => {
    const config = parseRelayConfig(MINIMAL, '/etc/fuel-relay');

    expect(config.runner).toEqual({
      max_in_flight: 10,
      visibility_timeout_seconds: 120,
      heartbeat_interval_seconds: 20,
      wait_seconds: 20,
      stop_grace_seconds: 30,
    });
    expect(config.cobbler).toMatchObject({ username: 'cobbler', timeout_seconds: 120 });
    expect(config.mcollective).toMatchObject({ retries: 10, retry_delay_seconds: 1 });
    expect(config.discovery).toEqual({
      enabled: true,
      host: '0.0.0.0',
      port: 8000,
      timeout_seconds: 30,
    });
    expect(config.rabbitmq).toBeUndefined();
    expect(config.state_dir).toBe('/var/lib/fuel-relay');
  });

  it('reads a YAML file and resolves relative paths from its directory', async () => {
    const path = join(dir, 'relay.yaml');
    await writeFile(join(dir, 'credential'), 'from-file\n');
    await writeFile(
      path,
      [
        'site: dc2',
        'cloud: { api_url: "https://fuel.example.com", credential_file: credential }',
        'queue: { url: local }',
        'cobbler: { url: "http://127.0.0.1/cobbler_api", password: s3cret }',
        'mcollective: { config_path: mco/client.cfg, pool_size: 2 }',
        'rabbitmq: { url: "amqp://guest:guest@127.0.0.1:5672" }',
        'runner: { max_in_flight: 3, heartbeat_interval_seconds: 0.5, visibility_timeout_seconds: 2 }',
        'state_dir: state',
      ].join('\n'),
    );

    const config = await loadRelayConfig(path);

    expect(config.state_dir).toBe(join(dir, 'state'));
    expect(config.mcollective.config_path).toBe(join(dir, 'mco/client.cfg'));
    expect(config.rabbitmq).toMatchObject({
      exchange: 'nailgun',
      routing_key: 'nailgun',
      queue: 'nailgun',
    });
    expect(config.runner.max_in_flight).toBe(3);
    expect(await readCredential(config)).toBe('from-file');
  });

  it('names every invalid field in one error', () => {
    const invalid = {
      ...MINIMAL,
      site: 'DC 1',
      cloud: { api_url: 'not a url' },
      runner: { heartbeat_interval_seconds: 200, max_in_flight: 0 },
    };

    const attempt = () => parseRelayConfig(invalid);

    expect(attempt).toThrow(RelayConfigError);
    expect(attempt).toThrow(/site: a site name such as dc1/);
    expect(attempt).toThrow(/cloud\.api_url: /);
    expect(attempt).toThrow(/set exactly one of credential and credential_file/);
    expect(attempt).toThrow(/runner\.max_in_flight: /);
  });

  it('refuses heartbeats no shorter than the visibility timeout', () => {
    const config = { ...MINIMAL, runner: { heartbeat_interval_seconds: 120 } };

    expect(() => parseRelayConfig(config)).toThrow(/heartbeat_interval_seconds must be shorter/);
  });

  it('reports a missing file as a config error', async () => {
    await expect(loadRelayConfig(join(dir, 'absent.yaml'))).rejects.toThrow(RelayConfigError);
  });
});

describe('relay service', () => {
  let cobbler: CobblerSimulator;
  let dir: string;

  beforeAll(async () => {
    cobbler = await startCobblerSimulator();
    dir = await mkdtemp(join(tmpdir(), 'relay-service-'));
  });

  afterAll(async () => {
    await cobbler.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs steps from the given transport and serves discovery until stopped', async () => {
    const queue = new LocalQueue();
    const tokens = new TokenRegistry();
    const transport = createLocalTransport({ queue, tokens, queueUrl: 'local-service' });
    const config = parseRelayConfig({
      ...MINIMAL,
      queue: { url: 'local' },
      cobbler: { url: cobbler.url },
      discovery: { host: '127.0.0.1', port: 0 },
      runner: { wait_seconds: 1, heartbeat_interval_seconds: 0.1, visibility_timeout_seconds: 1 },
      state_dir: dir,
    });
    const service = await startRelayService(config, {
      transport,
      progress: createMemoryPublisher(),
      logger: noopRelayLogger,
    });
    const answer = tokens.register('token-service');
    queue.send(
      'local-service',
      JSON.stringify(stepMessage('token-service', { step: 'cobbler.sync', params: {} })),
    );

    const output = await answer;
    const refused = await fetch(`${service.discovery?.url}/api/clusters/`);
    await service.stop();

    expect(output).toEqual({ status: 'done' });
    expect(refused.status).toBe(404);
    expect(service.runner.inFlight).toBe(0);
    queue.close();
  });

  it('refuses the local queue without a transport given', async () => {
    const config = parseRelayConfig({ ...MINIMAL, queue: { url: 'local' }, state_dir: dir });

    await expect(startRelayService(config)).rejects.toThrow(/embedded mode/);
  });
});
