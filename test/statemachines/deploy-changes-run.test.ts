import { describe, expect, it } from 'vitest';
import type { Plan } from '../../statemachines/contracts/execution.js';
import { encodeCause, RELAY_ERRORS } from '../../statemachines/contracts/step-result.js';
import { node } from './support/fake-steps.js';
import { type Call, INPUT, runLocally, transitionsPerNode } from './support/local-run.js';

const PROVISION_UUID = '00000000-0000-4000-8000-0000000000a1';
const DEPLOY_UUID = '00000000-0000-4000-8000-0000000000a2';
const CONTROLLER = 1;
const COMPUTES = [2, 3];

/** One controller and two computes, all new: provisioned, then deployed controller first. */
const THREE_NODES: Plan = {
  remove: null,
  provision: { task_uuid: PROVISION_UUID, nodes: [node(1), node(2), node(3)] },
  deploy: {
    task_uuid: DEPLOY_UUID,
    groups: [
      { name: 'primary-controller', nodes: [node(CONTROLLER)] },
      { name: 'compute', nodes: COMPUTES.map((id) => node(id)) },
    ],
  },
};

const PROVISION_CHAIN = [
  'provisioning_facts',
  'cobbler.upsert_system',
  'node.reboot',
  'node.wait_provisioned',
  'cobbler.set_netboot',
  'node_done',
];
const DEPLOY_CHAIN = [
  'deployment_facts',
  'node.upload_file',
  'node.puppetsync',
  'node.puppet_apply',
  'node_done',
];

const namesOf = (calls: Call[], nodeId: number) =>
  calls.filter((c) => c.nodeId === nodeId).map((c) => c.name);
const phaseCalls = (calls: Call[]) =>
  calls
    .filter((c) => c.nodeId === undefined)
    .map((c) => [c.name, c.body.phase, c.body.group].filter(Boolean).join(':'));
const firstIndex = (calls: Call[], match: (c: Call) => boolean) => calls.findIndex(match);
const lastIndex = (calls: Call[], match: (c: Call) => boolean) => calls.findLastIndex(match);

describe('deploy-changes on aws-local-stepfunctions', () => {
  it('provisions every node, then deploys the controller group before the compute group', async () => {
    const run = await runLocally('deploy-changes', { plan: THREE_NODES });

    expect(run.status).toBe('succeeded');
    expect(run.violations).toEqual([]);
    expect(phaseCalls(run.calls)).toEqual([
      'prepare',
      'cobbler.sync',
      'finish_phase:provision',
      'finish_phase:deploy_group:primary-controller',
      'finish_phase:deploy_group:compute',
      'finish_phase:deploy',
      'finish',
    ]);
    for (const id of [CONTROLLER, ...COMPUTES]) {
      expect(namesOf(run.calls, id)).toEqual([...PROVISION_CHAIN, ...DEPLOY_CHAIN]);
    }
    const sync = firstIndex(run.calls, (c) => c.name === 'cobbler.sync');
    expect(lastIndex(run.calls, (c) => c.name === 'cobbler.upsert_system')).toBeLessThan(sync);
    expect(firstIndex(run.calls, (c) => c.name === 'node.reboot')).toBeGreaterThan(sync);
    const controllerDone = lastIndex(run.calls, (c) => c.nodeId === CONTROLLER);
    const computeStart = firstIndex(
      run.calls,
      (c) => c.name === 'deployment_facts' && c.nodeId !== CONTROLLER,
    );
    expect(controllerDone).toBeLessThan(computeStart);
  });

  it('addresses each step to its phase task, the site queue and the execution', async () => {
    const run = await runLocally('deploy-changes', { plan: THREE_NODES });

    const reboot = run.calls.find((c) => c.name === 'node.reboot' && c.nodeId === 2);
    expect(reboot?.body).toMatchObject({
      version: 1,
      task_uuid: PROVISION_UUID,
      cluster_id: INPUT.cluster_id,
      node_uid: '2',
      params: { system_name: 'node-2', method: 'mcollective' },
    });
    const puppet = run.calls.find((c) => c.name === 'node.puppet_apply' && c.nodeId === 1);
    expect(puppet?.body).toMatchObject({
      task_uuid: DEPLOY_UUID,
      params: {
        manifest: '/etc/puppet/manifests/site.pp',
        timeout_seconds: 5340,
        task_name: 'site',
      },
    });
    const upsert = run.calls.find((c) => c.name === 'cobbler.upsert_system' && c.nodeId === 3);
    expect(upsert?.body).toMatchObject({
      params: { system: { name: 'node-3', netboot_enabled: '1' } },
    });
    const netbootOff = run.calls.find((c) => c.name === 'cobbler.set_netboot');
    expect(netbootOff?.body.params).toEqual({ system_name: expect.any(String), enabled: false });
  });

  it('stays within 20 state transitions per node', async () => {
    const run = await runLocally('deploy-changes', { plan: THREE_NODES });

    const { perNode, shared } = transitionsPerNode(run.events);
    expect([...perNode.keys()].sort()).toEqual([1, 2, 3]);
    for (const own of perNode.values()) {
      expect(own).toBe(13);
      expect(own + shared / perNode.size).toBeLessThanOrEqual(20);
    }
  });

  it('stops after a failed Puppet run on the controller: the computes are not deployed', async () => {
    const run = await runLocally('deploy-changes', {
      plan: THREE_NODES,
      relay: (message) =>
        message.step === 'node.puppet_apply' && message.node_id === CONTROLLER
          ? {
              error: RELAY_ERRORS.puppetFailed,
              cause: encodeCause({
                error_type: 'deploy',
                message: 'Puppet has 2 failed resources',
              }),
            }
          : undefined,
    });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('Deploy.GroupFailed');
    expect(run.cause).toContain('primary-controller');
    expect(run.violations).toEqual([]);
    expect(run.calls.filter((c) => c.name === 'node.puppet_apply')).toHaveLength(1);
    const failed = run.calls.find((c) => c.name === 'node_failed');
    expect(failed?.body).toMatchObject({
      node_id: CONTROLLER,
      phase: 'deploy',
      error: 'Relay.PuppetFailed',
      cause: expect.stringContaining('Puppet has 2 failed resources'),
    });
    for (const id of COMPUTES) expect(namesOf(run.calls, id)).toEqual(PROVISION_CHAIN);
    expect(phaseCalls(run.calls).slice(-2)).toEqual([
      'finish_phase:deploy_group:primary-controller',
      'abort',
    ]);
    expect(run.calls.at(-1)?.body).toMatchObject({
      task_uuid: INPUT.task_uuid,
      error: 'Deploy.GroupFailed',
    });
  });

  it('skips the deploy phase when a node fails to provision, and aborts', async () => {
    const run = await runLocally('deploy-changes', {
      plan: THREE_NODES,
      relay: (message) =>
        message.step === 'node.wait_provisioned' && message.node_id === 3
          ? {
              error: RELAY_ERRORS.provisionFailed,
              cause: encodeCause({ error_type: 'provision', message: 'Failed to provision' }),
            }
          : undefined,
    });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('Provision.Failed');
    expect(run.calls.some((c) => c.name === 'deployment_facts')).toBe(false);
    expect(namesOf(run.calls, 1)).toEqual(PROVISION_CHAIN);
    expect(namesOf(run.calls, 3)).toEqual([...PROVISION_CHAIN.slice(0, 4), 'node_failed']);
    const finish = run.calls.find((c) => c.name === 'finish_phase');
    expect(finish?.body.results).toEqual([
      { ok: true, node_id: 1 },
      { ok: true, node_id: 2 },
      { ok: false, node_id: 3 },
    ]);
    expect(phaseCalls(run.calls).slice(-2)).toEqual(['finish_phase:provision', 'abort']);
  });

  it('does not reboot a node whose Cobbler record failed', async () => {
    const run = await runLocally('deploy-changes', {
      plan: THREE_NODES,
      relay: (message) =>
        message.step === 'cobbler.upsert_system' && message.node_id === 2
          ? { error: RELAY_ERRORS.stepFailed, cause: encodeCause({ message: 'Cobbler fault' }) }
          : undefined,
    });

    expect(run.status).toBe('failed');
    expect(namesOf(run.calls, 2)).toEqual([
      'provisioning_facts',
      'cobbler.upsert_system',
      'node_failed',
    ]);
    expect(namesOf(run.calls, 1)).toEqual(PROVISION_CHAIN);
    expect(run.calls.find((c) => c.name === 'finish_phase')?.body.results).toContainEqual({
      ok: false,
      node_id: 2,
    });
  });

  it('retries a step the relay could not reach Cobbler or MCollective for', async () => {
    const run = await runLocally('deploy-changes', {
      plan: THREE_NODES,
      relay: (message, attempt) =>
        message.step === 'node.reboot' && message.node_id === 2 && attempt < 3
          ? { error: RELAY_ERRORS.unavailable, cause: encodeCause({ message: 'mcollective down' }) }
          : undefined,
    });

    expect(run.status).toBe('succeeded');
    expect(run.calls.filter((c) => c.name === 'node.reboot' && c.nodeId === 2)).toHaveLength(3);
    expect(run.calls.some((c) => c.name === 'node_failed')).toBe(false);
  });

  it('fails a node once the retries of an unreachable relay are spent', async () => {
    const run = await runLocally('deploy-changes', {
      plan: THREE_NODES,
      relay: (message) =>
        message.step === 'cobbler.set_netboot' && message.node_id === 1
          ? { error: RELAY_ERRORS.unavailable, cause: encodeCause({ message: 'cobbler down' }) }
          : undefined,
    });

    expect(
      run.calls.filter((c) => c.name === 'cobbler.set_netboot' && c.nodeId === 1),
    ).toHaveLength(4);
    expect(run.calls.find((c) => c.name === 'node_failed')?.body).toMatchObject({
      node_id: 1,
      error: 'Relay.Unavailable',
    });
    expect(run.error).toBe('Provision.Failed');
  });

  it('aborts when a Lambda step fails, with its error', async () => {
    const run = await runLocally('deploy-changes', {
      plan: THREE_NODES,
      lambda: (payload) => {
        if (payload.action === 'finish_phase' && payload.phase === 'provision') {
          throw new Error('connection refused');
        }
        return undefined;
      },
    });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('Error');
    expect(run.calls.at(-1)?.body).toMatchObject({ action: 'abort', cause: 'connection refused' });
    expect(run.calls.some((c) => c.name === 'deployment_facts')).toBe(false);
  });

  it('removes nodes first, and finishes at once when the plan has nothing to do', async () => {
    const removal = await runLocally('deploy-changes', {
      plan: {
        remove: { task_uuid: PROVISION_UUID, nodes: [node(9)] },
        provision: null,
        deploy: null,
      },
    });
    const nothing = await runLocally('deploy-changes', {
      plan: { remove: null, provision: null, deploy: null },
    });

    expect(removal.status).toBe('succeeded');
    expect(namesOf(removal.calls, 9)).toEqual(['cobbler.remove_system', 'node.erase', 'node_done']);
    expect(phaseCalls(removal.calls)).toEqual(['prepare', 'finish_phase:remove', 'finish']);
    expect(nothing.status).toBe('succeeded');
    expect(phaseCalls(nothing.calls)).toEqual(['prepare', 'finish']);
  });
});
