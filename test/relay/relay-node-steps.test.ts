import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerHandle } from '../../agent/relay/runner.js';
import { APPLY, system } from './support/relay-fixtures.js';
import { createRelayHarness, onNode, type RelayHarness } from './support/relay-harness.js';

describe('relay node steps', () => {
  let h: RelayHarness;
  let relay: RunnerHandle;

  beforeAll(async () => {
    h = await createRelayHarness();
    relay = await h.start();
  });

  afterAll(async () => {
    await h.close();
  });

  describe('node.reboot and node.wait_provisioned', () => {
    it('reboots through MCollective, then waits for the target system with progress', async () => {
      const node = h.nodes.add('21', { installPolls: 3 });
      const reboot = await h.submit({
        step: 'node.reboot',
        ...onNode('21'),
        params: { system_name: 'node-21', method: 'mcollective' },
      }).answer;

      const waited = await h.submit({
        step: 'node.wait_provisioned',
        task_uuid: 'provision-21',
        ...onNode('21'),
        params: { timeout_seconds: 30 },
      }).answer;

      expect(reboot).toEqual({
        ok: true,
        output: { status: 'done', data: { method: 'mcollective' } },
      });
      expect(node.rebooted).toBe(1);
      expect(waited).toEqual({
        ok: true,
        output: { status: 'done', data: { node_type: 'target' } },
      });
      const reports = h.progress.messages.filter((m) => m.args.task_uuid === 'provision-21');
      expect(reports.every((m) => m.method === 'provision_resp')).toBe(true);
      expect(reports[0]?.args.nodes).toEqual([{ uid: '21', status: 'provisioning', progress: 0 }]);
      expect(reports.at(-1)?.args.nodes).toEqual([
        { uid: '21', status: 'provisioned', progress: 100 },
      ]);
    });

    it('reboots through Cobbler power management', async () => {
      await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('22'),
        params: { system: system(22) },
      }).answer;

      const answer = await h.submit({
        step: 'node.reboot',
        ...onNode('22'),
        params: { system_name: 'node-22', method: 'cobbler_power' },
      }).answer;

      expect(answer).toMatchObject({ ok: true, output: { data: { method: 'cobbler_power' } } });
      expect(h.cobbler.state.machine('node-22').reboots).toBe(1);
    });

    it('fails a silent node with Relay.NodeUnreachable', async () => {
      h.nodes.add('23', { online: false });

      const answer = await h.submit({
        step: 'node.reboot',
        ...onNode('23'),
        params: { system_name: 'node-23', method: 'mcollective' },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.NodeUnreachable' });
      expect(answer.ok === false && answer.decoded).toMatchObject({ error_type: 'provision' });
    });

    it('fails with "Timeout of provisioning is exceeded" when the node never comes up', async () => {
      h.nodes.add('24', { installPolls: 1_000_000, installing: 1_000_000 });

      const answer = await h.submit({
        step: 'node.wait_provisioned',
        ...onNode('24'),
        params: { timeout_seconds: 1 },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.ProvisionFailed' });
      expect(answer.ok === false && answer.decoded).toEqual({
        error_type: 'provision',
        message: 'Timeout of provisioning is exceeded',
      });
    });
  });

  describe('node.upload_file and node.puppetsync', () => {
    it('writes the file on the node', async () => {
      const node = h.nodes.add('31');

      const answer = await h.submit({
        step: 'node.upload_file',
        ...onNode('31'),
        params: {
          path: '/etc/astute.yaml',
          content: 'uid: "31"\nrole: controller\n',
          permissions: '0600',
          overwrite: true,
          parents: true,
        },
      }).answer;

      expect(answer).toMatchObject({ ok: true, output: { data: { path: '/etc/astute.yaml' } } });
      expect(node.files.get('/etc/astute.yaml')).toEqual({
        content: 'uid: "31"\nrole: controller\n',
        permissions: '0600',
      });
    });

    it('fails with the agent message when the file exists and may not be replaced', async () => {
      const node = h.nodes.add('32');
      node.files.set('/etc/astute.yaml', { content: 'old', permissions: '0600' });

      const answer = await h.submit({
        step: 'node.upload_file',
        ...onNode('32'),
        params: {
          path: '/etc/astute.yaml',
          content: 'new',
          permissions: '0600',
          overwrite: false,
          parents: true,
        },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.StepFailed' });
      expect(answer.ok === false && answer.decoded).toMatchObject({
        error_type: 'deploy',
        message: expect.stringContaining('/etc/astute.yaml exists'),
      });
      expect(node.files.get('/etc/astute.yaml')?.content).toBe('old');
    });

    it('syncs Puppet code to the node', async () => {
      const node = h.nodes.add('33');

      const answer = await h.submit({
        step: 'node.puppetsync',
        ...onNode('33'),
        params: {
          modules_source: 'rsync://10.20.0.2:/puppet/modules/',
          manifests_source: 'rsync://10.20.0.2:/puppet/manifests/',
          modules_path: '/etc/puppet/modules',
          manifests_path: '/etc/puppet/manifests',
        },
      }).answer;

      expect(answer).toMatchObject({ ok: true });
      expect(node.synced).toBe(1);
    });
  });

  describe('node.puppet_apply', () => {
    it('runs Puppet to its end, publishing deploy_resp progress', async () => {
      const node = h.nodes.add('41');
      node.puppet.script.push({ polls: 4 });

      const answer = await h.submit({
        step: 'node.puppet_apply',
        task_uuid: 'deploy-41',
        ...onNode('41'),
        params: APPLY,
      }).answer;

      expect(answer).toMatchObject({ ok: true, output: { data: { runs: 1 } } });
      expect(node.puppet.runs).toBe(1);
      const entries = h.progress.messages
        .filter((m) => m.args.task_uuid === 'deploy-41')
        .map((m) => ({ method: m.method, node: m.args.nodes?.[0] }));
      expect(entries[0]).toEqual({
        method: 'deploy_resp',
        node: {
          uid: '41',
          status: 'deploying',
          progress: 0,
          deployment_graph_task_name: 'site',
          task_status: 'running',
        },
      });
      const running = entries.filter((e) => e.node?.task_status === 'running');
      expect(running.map((e) => e.node?.progress)).toEqual([0, 25, 50, 75]);
      expect(entries.at(-1)?.node).toMatchObject({ uid: '41', task_status: 'ready' });
    });

    it('fails with Relay.PuppetFailed and Puppet message when the run fails', async () => {
      const node = h.nodes.add('42');
      node.puppet.script.push({ polls: 2, fail: 'Exec[broken]: returns 1 instead of 0' });

      const answer = await h.submit({
        step: 'node.puppet_apply',
        task_uuid: 'deploy-42',
        ...onNode('42'),
        params: APPLY,
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.PuppetFailed' });
      expect(answer.ok === false && answer.decoded).toEqual({
        error_type: 'deploy',
        message: 'Exec[broken]: returns 1 instead of 0',
      });
      const last = h.progress.messages.filter((m) => m.args.task_uuid === 'deploy-42').at(-1);
      expect(last?.args.nodes?.[0]).toMatchObject({ task_status: 'error' });
    });

    it('runs Puppet again after a failed run, as Astute retried', async () => {
      await relay.stop();
      const retrying = await h.start({ timings: { puppetPollMs: 5, puppetRetries: 2 } });
      const node = h.nodes.add('43');
      node.puppet.script.push({ polls: 1, fail: 'first run broke' }, { polls: 1 });

      const answer = await h.submit({ step: 'node.puppet_apply', ...onNode('43'), params: APPLY })
        .answer;

      expect(answer).toMatchObject({ ok: true, output: { data: { runs: 2 } } });
      expect(node.puppet.runs).toBe(2);
      await retrying.stop();
      relay = await h.start();
    });

    it('fails when the run outlasts the step timeout', async () => {
      const node = h.nodes.add('44');
      node.puppet.script.push({ polls: 1_000_000 });

      const answer = await h.submit({
        step: 'node.puppet_apply',
        ...onNode('44'),
        params: { ...APPLY, timeout_seconds: 1 },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.PuppetFailed' });
      expect(answer.ok === false && answer.decoded).toMatchObject({
        message: 'Timeout of deployment is exceeded (1 s)',
      });
    });
  });

  describe('node.erase and node.stop_puppet', () => {
    it('erases and reboots the node', async () => {
      const node = h.nodes.add('51');

      const answer = await h.submit({
        step: 'node.erase',
        ...onNode('51'),
        params: { reboot: true },
      }).answer;

      expect(answer).toEqual({
        ok: true,
        output: { status: 'done', data: { erased: true, rebooted: true, devices: ['/dev/sda'] } },
      });
      expect(node.erased).toBe(1);
      expect(node.rebooted).toBe(1);
    });

    it('stops a running Puppet run and leaves Puppet enabled', async () => {
      const node = h.nodes.add('52');
      node.puppet.status = 'running';

      const answer = await h.submit({ step: 'node.stop_puppet', ...onNode('52'), params: {} })
        .answer;

      expect(answer).toEqual({ ok: true, output: { status: 'done' } });
      expect(node.puppet.status).toBe('stopped');
      expect(node.puppet.enabled).toBe(true);
    });

    it('fails stop_puppet of a silent node with stop_deployment as error type', async () => {
      h.nodes.add('53', { online: false });

      const answer = await h.submit({ step: 'node.stop_puppet', ...onNode('53'), params: {} })
        .answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.NodeUnreachable' });
      expect(answer.ok === false && answer.decoded).toMatchObject({
        error_type: 'stop_deployment',
      });
    });
  });
});
