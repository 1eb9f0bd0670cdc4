import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  decodeCause,
  ExecutionInputSchema,
  encodeCause,
  isRetryable,
  PlanSchema,
  ProgressMessageSchema,
  RELAY_ERROR_NAMES,
  STEP_NAMES,
  STEP_RESULTS,
  StepFailureSchema,
  type StepMessage,
  StepMessageSchema,
  type StepName,
  StepPayloadSchema,
  StepSuccessSchema,
} from '../../statemachines/contracts/index.js';
import { deploymentFacts, node, provisioningSystem } from './support/fake-steps.js';

const ENVELOPE = {
  version: 1,
  task_token: 'AQCEAAAAKgAAAAMAAAAAAAAAAd',
  task_uuid: '00000000-0000-4000-8000-0000000000c1',
  cluster_id: 3,
  correlation_id: 'exec-1',
} as const;
const ON_NODE = { node_id: 5, node_uid: '5' } as const;

/** One valid message per step. */
const MESSAGES: Record<StepName, StepMessage> = {
  'cobbler.upsert_system': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'cobbler.upsert_system',
    params: { system: provisioningSystem(5) },
  },
  'cobbler.sync': { ...ENVELOPE, step: 'cobbler.sync', params: {} },
  'cobbler.set_netboot': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'cobbler.set_netboot',
    params: { system_name: 'node-5', enabled: false },
  },
  'cobbler.remove_system': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'cobbler.remove_system',
    params: { system_name: 'node-5' },
  },
  'node.reboot': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'node.reboot',
    params: { system_name: 'node-5', method: 'cobbler_power' },
  },
  'node.wait_provisioned': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'node.wait_provisioned',
    params: { timeout_seconds: 5340 },
  },
  'node.upload_file': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'node.upload_file',
    params: {
      path: '/etc/astute.yaml',
      content: 'uid: "5"\n',
      permissions: '0600',
      overwrite: true,
      parents: true,
    },
  },
  'node.puppetsync': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'node.puppetsync',
    params: {
      modules_source: 'rsync://10.20.0.2:/puppet/modules/',
      manifests_source: 'rsync://10.20.0.2:/puppet/manifests/',
      modules_path: '/etc/puppet/modules',
      manifests_path: '/etc/puppet/manifests',
    },
  },
  'node.puppet_apply': {
    ...ENVELOPE,
    ...ON_NODE,
    step: 'node.puppet_apply',
    params: {
      manifest: '/etc/puppet/manifests/site.pp',
      modules: '/etc/puppet/modules',
      cwd: '/',
      timeout_seconds: 5400,
      task_name: 'site',
    },
  },
  'node.erase': { ...ENVELOPE, ...ON_NODE, step: 'node.erase', params: { reboot: true } },
  'node.stop_puppet': { ...ENVELOPE, ...ON_NODE, step: 'node.stop_puppet', params: {} },
};

const withParams = (step: StepName, params: object) => ({ ...MESSAGES[step], params });

describe('step messages', () => {
  it('name the fixed set of steps, at contract version 1', () => {
    expect(CONTRACT_VERSION).toBe(1);
    expect(Object.keys(MESSAGES).sort()).toEqual([...STEP_NAMES].sort());
  });

  it.each(STEP_NAMES)('accept a valid %s message', (step) => {
    expect(StepMessageSchema.parse(MESSAGES[step])).toEqual(MESSAGES[step]);
  });

  it('keep the unknown fields of a Cobbler record, as Astute passed them on', () => {
    const system = { ...provisioningSystem(5), gateway: '10.20.0.1' };

    const parsed = StepMessageSchema.parse(withParams('cobbler.upsert_system', { system }));

    expect(parsed.step === 'cobbler.upsert_system' && parsed.params.system.gateway).toBe(
      '10.20.0.1',
    );
  });

  it.each([
    ['another contract version', { ...MESSAGES['node.erase'], version: 2 }],
    ['no task token', { ...MESSAGES['node.erase'], task_token: '' }],
    ['an unknown step', { ...MESSAGES['node.erase'], step: 'node.format' }],
    ['a node step without a node', { ...ENVELOPE, step: 'node.erase', params: { reboot: true } }],
    ['a node id that is not an integer', { ...MESSAGES['node.erase'], node_id: '5' }],
    ['parameters of another step', withParams('node.erase', { system_name: 'node-5' })],
    ['an unknown reboot method', withParams('node.reboot', { system_name: 'n', method: 'ipmi' })],
    [
      'a non-octal file mode',
      withParams('node.upload_file', { ...MESSAGES['node.upload_file'].params, permissions: 'rw' }),
    ],
    [
      'a relative upload path',
      withParams('node.upload_file', { ...MESSAGES['node.upload_file'].params, path: 'etc/x' }),
    ],
    [
      'a Cobbler record without interfaces',
      withParams('cobbler.upsert_system', { system: { name: 'n', hostname: 'h', profile: 'p' } }),
    ],
    ['a zero wait', withParams('node.wait_provisioned', { timeout_seconds: 0 })],
  ])('reject %s', (_, message) => {
    expect(StepMessageSchema.safeParse(message).success).toBe(false);
  });
});

describe('step results', () => {
  it('report success as done, with optional data', () => {
    expect(StepSuccessSchema.safeParse({ status: 'done' }).success).toBe(true);
    expect(StepSuccessSchema.safeParse({ status: 'done', data: { boot_time: 1 } }).success).toBe(
      true,
    );
    expect(StepSuccessSchema.safeParse({ status: 'ok' }).success).toBe(false);
  });

  it('retry only an unavailable or timed-out Cobbler or MCollective', () => {
    const retryable = RELAY_ERROR_NAMES.filter((name) => isRetryable(name));

    expect(retryable).toEqual(['Relay.Unavailable', 'Relay.Timeout']);
    expect(isRetryable('States.Timeout')).toBe(false);
  });

  it('name failures by relay error, with a cause Step Functions accepts', () => {
    const cause = encodeCause({ error_type: 'deploy', message: 'Puppet failed' });

    expect(StepFailureSchema.safeParse({ error: 'Relay.PuppetFailed', cause }).success).toBe(true);
    expect(StepFailureSchema.safeParse({ error: 'PuppetFailed', cause }).success).toBe(false);
    expect(
      StepFailureSchema.safeParse({ error: 'Relay.StepFailed', cause: 'x'.repeat(32_769) }).success,
    ).toBe(false);
  });

  it('encode a cause as JSON and read it back', () => {
    const cause = {
      error_type: 'provision' as const,
      message: 'Timeout of provisioning is exceeded',
    };

    expect(JSON.parse(encodeCause(cause))).toEqual(cause);
    expect(decodeCause(encodeCause(cause))).toEqual(cause);
    expect(() => encodeCause({ message: '' })).toThrow();
  });

  it('read causes that are not ours as plain messages', () => {
    const lambdaCause = JSON.stringify({ errorType: 'Error', errorMessage: 'boom' });

    expect(decodeCause('States.Timeout')).toEqual({ message: 'States.Timeout' });
    expect(decodeCause(lambdaCause)).toEqual({ message: lambdaCause });
    expect(decodeCause(' ')).toEqual({ message: 'Unknown error' });
    expect(decodeCause(JSON.stringify({ error_type: 'install', message: 'x' }))).toEqual({
      message: '{"error_type":"install","message":"x"}',
    });
  });
});

describe('progress messages', () => {
  it("accept Astute's final provisioning report", () => {
    const report = {
      method: 'provision_resp',
      args: {
        task_uuid: 'c1',
        status: 'error',
        progress: 100,
        error: 'Too many nodes failed to provision',
        nodes: [
          { uid: '1', status: 'provisioned', progress: 100 },
          {
            uid: '2',
            status: 'error',
            error_type: 'provision',
            error_msg: 'Failed to provision',
            progress: 100,
          },
        ],
      },
    };

    expect(ProgressMessageSchema.parse(report)).toEqual(report);
  });

  it('accept task-based deployment reports, node uids of every kind and extra keys', () => {
    const report = {
      method: 'deploy_resp',
      args: {
        task_uuid: 'c1',
        nodes: [
          { uid: '1', deployment_graph_task_name: 'netconfig', task_status: 'running' },
          {
            uid: 2,
            progress: 50,
            deployment_graph_task_name: 'globals',
            task_status: 'ready',
            summary: {},
          },
          { uid: 'master', status: 'error', role: null, error_msg: null },
          { uid: null, progress: 100, custom: { any: 'thing' } },
        ],
        debug: true,
      },
      api_version: '1',
    };

    expect(ProgressMessageSchema.parse(report)).toEqual(report);
  });

  it('accept removal and stop reports', () => {
    const removal = {
      method: 'remove_nodes_resp',
      args: {
        task_uuid: 'c1',
        status: 'ready',
        progress: 100,
        nodes: [{ uid: '3' }],
        error_nodes: [{ uid: '4', error: 'RPC method erase_node failed' }],
        inaccessible_nodes: [{ uid: '5', error: 'Node not answered by RPC.' }],
      },
    };
    const stop = {
      method: 'stop_deployment_resp',
      args: { task_uuid: 'c2', stop_task_uuid: 'c1', status: 'ready', progress: 100, nodes: [] },
    };

    expect(ProgressMessageSchema.safeParse(removal).success).toBe(true);
    expect(ProgressMessageSchema.safeParse(stop).success).toBe(true);
  });

  it.each([
    ['an unknown method', { method: 'verify_networks_resp', args: { task_uuid: 'c1' } }],
    ['no task uuid', { method: 'deploy_resp', args: { status: 'ready' } }],
    ['a progress above 100', { method: 'deploy_resp', args: { task_uuid: 'c1', progress: 150 } }],
    [
      'an unknown task status',
      { method: 'deploy_resp', args: { task_uuid: 'c1', status: 'done' } },
    ],
    [
      'a node without uid',
      { method: 'deploy_resp', args: { task_uuid: 'c1', nodes: [{ progress: 1 }] } },
    ],
  ])('reject %s', (_, message) => {
    expect(ProgressMessageSchema.safeParse(message).success).toBe(false);
  });
});

describe('execution payloads', () => {
  const plan = {
    remove: null,
    provision: { task_uuid: 'p1', nodes: [node(1)] },
    deploy: { task_uuid: 'd1', groups: [{ name: 'compute', nodes: [node(1)] }] },
  };

  it('accept the execution input the API starts with, and reject a negative concurrency', () => {
    const input = { task_uuid: 'u', cluster_id: 1, queue_url: 'https://q', max_concurrency: 50 };

    expect(ExecutionInputSchema.safeParse(input).success).toBe(true);
    expect(ExecutionInputSchema.safeParse({ ...input, max_concurrency: -1 }).success).toBe(false);
    expect(ExecutionInputSchema.safeParse({ ...input, queue_url: undefined }).success).toBe(false);
  });

  it('accept plans with null phases, and reject a deploy part without groups', () => {
    expect(PlanSchema.safeParse(plan).success).toBe(true);
    expect(PlanSchema.safeParse({ ...plan, deploy: { task_uuid: 'd1', groups: [] } }).success).toBe(
      false,
    );
    expect(PlanSchema.safeParse({ provision: null, deploy: null }).success).toBe(false);
    expect(
      PlanSchema.safeParse({ ...plan, remove: { task_uuid: 'r', nodes: [{ node_id: 1 }] } })
        .success,
    ).toBe(false);
  });

  it.each([
    { action: 'prepare', task_uuid: 'u' },
    { action: 'provisioning_facts', task_uuid: 'u', node_id: 1 },
    { action: 'deployment_facts', task_uuid: 'u', node_id: 1 },
    {
      action: 'node_failed',
      task_uuid: 'u',
      node_id: 1,
      phase: 'deploy',
      error: 'Relay.PuppetFailed',
      cause: '{}',
    },
    { action: 'node_done', task_uuid: 'u', node_id: 1, phase: 'reset' },
    {
      action: 'finish_phase',
      task_uuid: 'u',
      phase: 'deploy_group',
      group: 'compute',
      results: [{ ok: true, node_id: 1 }],
    },
    { action: 'finish', task_uuid: 'u' },
    { action: 'abort', task_uuid: 'u', error: 'Deploy.GroupFailed', cause: 'group compute' },
  ])('accept a $action payload', (payload) => {
    expect(StepPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it.each([
    ['an unknown action', { action: 'install', task_uuid: 'u' }],
    ['an unknown phase', { action: 'finish_phase', task_uuid: 'u', phase: 'install', results: [] }],
    [
      'a failure without cause',
      { action: 'node_failed', task_uuid: 'u', node_id: 1, phase: 'deploy', error: 'x' },
    ],
    [
      'a node result without node',
      { action: 'finish_phase', task_uuid: 'u', phase: 'remove', results: [{ ok: true }] },
    ],
  ])('reject %s', (_, payload) => {
    expect(StepPayloadSchema.safeParse(payload).success).toBe(false);
  });

  it('describe what each action returns', () => {
    expect(STEP_RESULTS.prepare.safeParse(plan).success).toBe(true);
    expect(
      STEP_RESULTS.provisioning_facts.safeParse({
        system: provisioningSystem(1),
        reboot_method: 'mcollective',
      }).success,
    ).toBe(true);
    expect(STEP_RESULTS.deployment_facts.safeParse(deploymentFacts(1)).success).toBe(true);
    expect(
      STEP_RESULTS.deployment_facts.safeParse({ ...deploymentFacts(1), upload_path: 'astute.yaml' })
        .success,
    ).toBe(false);
    expect(STEP_RESULTS.node_done.safeParse({ ok: false, node_id: 1 }).success).toBe(false);
    expect(STEP_RESULTS.finish_phase.safeParse({ failed: 'no' }).success).toBe(false);
  });
});
