import { describe, expect, it } from 'vitest';
import { encodeCause, RELAY_ERRORS } from '../../statemachines/contracts/step-result.js';
import { node } from './support/fake-steps.js';
import { type Call, runLocally, transitionsPerNode } from './support/local-run.js';

const TASK = '00000000-0000-4000-8000-0000000000b1';

const stepsOf = (calls: Call[], nodeId: number) =>
  calls.filter((c) => c.nodeId === nodeId).map((c) => c.name);
/** States entered per node inside its iterations, and outside any node (see the README). */
const transitions = (run: Awaited<ReturnType<typeof runLocally>>) => {
  const { perNode, shared } = transitionsPerNode(run.events);

  return { own: [...new Set(perNode.values())], shared };
};
const phaseCalls = (calls: Call[]) =>
  calls
    .filter((c) => c.nodeId === undefined)
    .map((c) => [c.name, c.body.phase].filter(Boolean).join(':'));

describe('the provision workflow', () => {
  it('records, syncs once, reboots and waits for every node, then closes the phase', async () => {
    const run = await runLocally('provision', {
      plan: {
        remove: null,
        provision: { task_uuid: TASK, nodes: [node(4), node(5)] },
        deploy: null,
      },
    });

    expect(run.status).toBe('succeeded');
    expect(run.violations).toEqual([]);
    expect(phaseCalls(run.calls)).toEqual([
      'prepare',
      'cobbler.sync',
      'finish_phase:provision',
      'finish',
    ]);
    expect(transitions(run)).toEqual({ own: [8], shared: 8 });
    expect(stepsOf(run.calls, 5)).toEqual([
      'provisioning_facts',
      'cobbler.upsert_system',
      'node.reboot',
      'node.wait_provisioned',
      'cobbler.set_netboot',
      'node_done',
    ]);
  });

  it('aborts when Cobbler cannot be synced, before any node reboots', async () => {
    const run = await runLocally('provision', {
      plan: { remove: null, provision: { task_uuid: TASK, nodes: [node(4)] }, deploy: null },
      relay: (message) =>
        message.step === 'cobbler.sync'
          ? { error: RELAY_ERRORS.stepFailed, cause: encodeCause({ message: 'sync failed' }) }
          : undefined,
    });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('Relay.StepFailed');
    expect(run.calls.some((c) => c.name === 'node.reboot')).toBe(false);
    expect(run.calls.at(-1)?.body).toMatchObject({ action: 'abort', error: 'Relay.StepFailed' });
  });
});

describe('the deploy workflow', () => {
  it('deploys the groups in the order of the plan', async () => {
    const run = await runLocally('deploy', {
      plan: {
        remove: null,
        provision: null,
        deploy: {
          task_uuid: TASK,
          groups: [
            { name: 'controller', nodes: [node(6)] },
            { name: 'cinder', nodes: [node(7)] },
            { name: 'compute', nodes: [node(8)] },
          ],
        },
      },
    });

    expect(run.status).toBe('succeeded');
    expect(run.violations).toEqual([]);
    const applies = run.calls.filter((c) => c.name === 'node.puppet_apply').map((c) => c.nodeId);
    expect(applies).toEqual([6, 7, 8]);
    expect(transitions(run)).toEqual({ own: [5], shared: 6 + 4 * 3 });
    expect(phaseCalls(run.calls)).toEqual([
      'prepare',
      'finish_phase:deploy_group',
      'finish_phase:deploy_group',
      'finish_phase:deploy_group',
      'finish_phase:deploy',
      'finish',
    ]);
  });

  it('finishes without deploying when the plan has no group', async () => {
    const run = await runLocally('deploy', {
      plan: { remove: null, provision: null, deploy: { task_uuid: TASK, groups: [] } },
    });

    expect(run.status).toBe('succeeded');
    expect(phaseCalls(run.calls)).toEqual(['prepare', 'finish']);
  });
});

describe('the remove-nodes workflow', () => {
  it('removes the Cobbler system and erases each node', async () => {
    const run = await runLocally('remove-nodes', {
      plan: {
        remove: { task_uuid: TASK, nodes: [node(10), node(11)] },
        provision: null,
        deploy: null,
      },
    });

    expect(run.status).toBe('succeeded');
    expect(run.violations).toEqual([]);
    expect(stepsOf(run.calls, 11)).toEqual(['cobbler.remove_system', 'node.erase', 'node_done']);
    expect(transitions(run)).toEqual({ own: [3], shared: 6 });
    expect(run.calls.find((c) => c.name === 'cobbler.remove_system')?.body.params).toEqual({
      system_name: 'node-10',
    });
    expect(run.calls.find((c) => c.name === 'node.erase')?.body.params).toEqual({ reboot: true });
  });

  it('records an unreachable node and aborts when the phase reports failure', async () => {
    const run = await runLocally('remove-nodes', {
      plan: {
        remove: { task_uuid: TASK, nodes: [node(10), node(11)] },
        provision: null,
        deploy: null,
      },
      relay: (message) =>
        message.step === 'node.erase' && message.node_id === 11
          ? {
              error: RELAY_ERRORS.nodeUnreachable,
              cause: encodeCause({
                error_type: 'deletion',
                message: 'mcollective has not answered',
              }),
            }
          : undefined,
    });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('Remove.Failed');
    expect(run.calls.find((c) => c.name === 'node_failed')?.body).toMatchObject({
      node_id: 11,
      phase: 'remove',
      error: 'Relay.NodeUnreachable',
    });
    expect(stepsOf(run.calls, 10)).toEqual(['cobbler.remove_system', 'node.erase', 'node_done']);
  });
});

describe('the reset workflow', () => {
  it('wipes every node of the environment and finishes', async () => {
    const run = await runLocally('reset', {
      plan: {
        remove: { task_uuid: TASK, nodes: [node(12), node(13)] },
        provision: null,
        deploy: null,
      },
    });

    expect(run.status).toBe('succeeded');
    expect(run.violations).toEqual([]);
    expect(stepsOf(run.calls, 13)).toEqual(['cobbler.remove_system', 'node.erase', 'node_done']);
    expect(phaseCalls(run.calls)).toEqual(['prepare', 'finish']);
    expect(run.calls.find((c) => c.name === 'node_done')?.body.phase).toBe('reset');
    expect(transitions(run)).toEqual({ own: [3], shared: 4 });
  });
});

describe('the stop workflow', () => {
  it('stops Puppet on deploying nodes and erases provisioning ones', async () => {
    const run = await runLocally('stop', {
      plan: {
        remove: null,
        provision: null,
        deploy: {
          task_uuid: TASK,
          groups: [
            { name: 'controller', nodes: [node(14, 'deploy')] },
            { name: 'compute', nodes: [node(15, 'provision'), node(16)] },
          ],
        },
      },
    });

    expect(run.status).toBe('succeeded');
    expect(run.violations).toEqual([]);
    expect(stepsOf(run.calls, 14)).toEqual(['node.stop_puppet', 'node_done']);
    expect(stepsOf(run.calls, 15)).toEqual(['node.erase', 'node_done']);
    expect(stepsOf(run.calls, 16)).toEqual(['node.stop_puppet', 'node_done']);
    expect(phaseCalls(run.calls)).toEqual(['prepare', 'finish']);
    expect(transitions(run)).toEqual({ own: [3], shared: 5 + 2 });
  });

  it('stops the provision part when nothing deploys', async () => {
    const run = await runLocally('stop', {
      plan: {
        remove: null,
        provision: { task_uuid: TASK, nodes: [node(17, 'provision')] },
        deploy: null,
      },
    });

    expect(run.status).toBe('succeeded');
    expect(stepsOf(run.calls, 17)).toEqual(['node.erase', 'node_done']);
    expect(run.calls.find((c) => c.name === 'node.erase')?.body.task_uuid).toBe(TASK);
  });

  it('records a node that could not be stopped and still finishes', async () => {
    const run = await runLocally('stop', {
      plan: {
        remove: null,
        provision: null,
        deploy: { task_uuid: TASK, groups: [{ name: 'compute', nodes: [node(18, 'deploy')] }] },
      },
      relay: () => ({
        error: RELAY_ERRORS.nodeUnreachable,
        cause: encodeCause({ error_type: 'stop_deployment', message: 'no answer' }),
      }),
    });

    expect(run.status).toBe('succeeded');
    expect(stepsOf(run.calls, 18)).toEqual(['node.stop_puppet', 'node_failed']);
    expect(run.calls.find((c) => c.name === 'node_failed')?.body.phase).toBe('stop');
  });
});
