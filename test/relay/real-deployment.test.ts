import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CobblerDriver } from '../../agent/relay/drivers/cobbler/index.js';
import { createMcoDriver } from '../../agent/relay/drivers/mcollective/index.js';
import { openFileJournal } from '../../agent/relay/idempotency.js';
import { createJsonLogger } from '../../agent/relay/logger.js';
import { createCallbackPublisher } from '../../agent/relay/progress/publisher.js';
import { startRelay } from '../../agent/relay/relay.js';
import type { RunnerHandle } from '../../agent/relay/runner.js';
import { applyProgress } from '../../functions/progress/apply.js';
import { startCobblerSimulator } from '../../infra/local/cobbler-simulator/server.js';
import { createLocalTransport } from '../../infra/local/queue/local-transport.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { agentPayload, buildEnvironment, waitForTask } from '../support/lab.js';

const run = promisify(execFile);
const SETUP = new URL('../../agent/mcollective/setup/', import.meta.url).pathname;
/** A runtime of its own, so this mcollectived (identity "1") runs beside the driver tests' one. */
const RUNTIME = '/tmp/fuel-mco-deploy';
const MARKER_DIR = '/tmp/fuel-deploy-e2e';

async function setUpMcollective(identity: string): Promise<string> {
  try {
    const { stdout } = await run('bash', [join(SETUP, 'ci-setup.sh'), RUNTIME], {
      env: { ...process.env, MCO_SKIP_INSTALL: '1', MCO_IDENTITY: identity },
      timeout: 180_000,
    });
    return stdout.trim().split('\n').at(-1)?.replace('[mco-setup] ', '') ?? '';
  } catch (error) {
    return `unavailable: ci-setup.sh failed: ${error}`;
  }
}

const verdict = await setUpMcollective('1');
const ready = verdict.startsWith('ready');
if (!ready) console.warn(`skipping the real-node deployment: MCollective ${verdict}`);

describe.skipIf(!ready)(
  'a deployment on this machine through the relay and a real mcollectived',
  () => {
    let api: TestApi;
    let relay: RunnerHandle;
    let puppetSource: string;
    let stopCobbler: () => Promise<void>;

    beforeAll(async () => {
      puppetSource = await mkdtemp(join(tmpdir(), 'fuel-puppet-'));
      await mkdir(join(puppetSource, 'modules'), { recursive: true });
      await mkdir(join(puppetSource, 'manifests'), { recursive: true });
      await writeFile(
        join(puppetSource, 'manifests', 'site.pp'),
        [
          `file { '${MARKER_DIR}': ensure => directory }`,
          `file { '${MARKER_DIR}/deployed': content => "deployed by fuel\\n", require => File['${MARKER_DIR}'] }`,
          "exec { 'settle': command => '/bin/sleep 1', require => File['" +
            MARKER_DIR +
            "/deployed'] }",
          '',
        ].join('\n'),
      );
      api = await startTestApi({ FUEL_PUPPET_SOURCE: puppetSource });
      const cobbler = await startCobblerSimulator({});
      stopCobbler = () => cobbler.close();
      const logger = createJsonLogger({ level: 'warn' });
      relay = startRelay({
        transport: createLocalTransport({
          queue: api.runtime.queue,
          tokens: api.runtime.tokens,
          queueUrl: api.runtime.orchestration.queueUrl,
        }),
        cobbler: new CobblerDriver({ url: cobbler.url, username: 'cobbler', password: 'cobbler' }),
        mcollective: createMcoDriver({ configPath: join(RUNTIME, 'client.cfg') }),
        progress: createCallbackPublisher((m) => void applyProgress(api.deps, m)),
        journal: await openFileJournal({ dir: await mkdtemp(join(tmpdir(), 'fuel-journal-')) }),
        logger,
        timings: { puppetPollMs: 500 },
      });
    });
    afterAll(async () => {
      await relay?.stop();
      await stopCobbler?.();
      await api?.close();
      await rm(puppetSource, { recursive: true, force: true });
      await run('bash', [join(SETUP, 'stop.sh'), RUNTIME]).catch(() => undefined);
    });

    it('uploads astute.yaml and applies site.pp with Puppet, and the progress reaches the API', async () => {
      await rm(MARKER_DIR, { recursive: true, force: true });
      const registered = await api.request('POST', '/api/nodes/', {
        token: null,
        body: agentPayload(),
      });
      expect(registered.body.id).toBe(1);
      const clusterId = await buildEnvironment(api, 'this-machine', [
        { id: 1, roles: ['controller'] },
      ]);
      // Provisioning would reboot this machine: the node starts out provisioned.
      await api.db.query(
        "UPDATE nodes SET status = 'provisioned', pending_addition = false WHERE id = 1",
      );

      const started = await api.request('PUT', `/api/v1/clusters/${clusterId}/deploy?nodes=1`);
      const finished = await waitForTask(api, started.body.id, 180_000);
      const node = await api.request('GET', '/api/v1/nodes/1');
      const history = await api.request(
        'GET',
        `/api/v1/transactions/${started.body.id}/deployment_history`,
      );
      expect(finished.message).toBe("Deployment of environment 'this-machine' is done.");
      const astute = await readFile('/etc/astute.yaml', 'utf8');
      const marker = await readFile(`${MARKER_DIR}/deployed`, 'utf8');

      expect(started.status).toBe(202);
      expect(finished.status).toBe('ready');
      expect(node.body).toMatchObject({ status: 'ready', progress: 100 });
      expect(astute).toMatch(/^uid: ["']1["']$/m);
      expect(marker).toBe('deployed by fuel\n');
      expect(history.body).toContainEqual(
        expect.objectContaining({ task_name: 'site', status: 'ready' }),
      );
    }, 240_000);
  },
);
