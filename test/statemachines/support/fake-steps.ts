import type {
  NodeRef,
  Plan,
  StepAction,
  StepPayload,
  StepResultOf,
} from '../../../statemachines/contracts/execution.js';
import type { ProvisioningSystem } from '../../../statemachines/contracts/provisioning-system.js';

/** What a fake step answers; the run fails the state with `name` as error, `message` as cause. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** A node of the test plans. */
export function node(id: number, phase?: NodeRef['phase']): NodeRef {
  return { node_id: id, uid: String(id), hostname: `node-${id}`, ...(phase ? { phase } : {}) };
}

/** The Cobbler record the fake `provisioning_facts` returns (nailgun-api.md §6.4, trimmed). */
export function provisioningSystem(nodeId: number): ProvisioningSystem {
  return {
    name: `node-${nodeId}`,
    hostname: `node-${nodeId}.domain.tld`,
    profile: 'ubuntu_bootstrap',
    power_type: 'ssh',
    power_user: 'root',
    power_pass: '/root/.ssh/bootstrap.rsa',
    power_address: `10.20.0.${nodeId + 10}`,
    netboot_enabled: '1',
    name_servers: '"10.20.0.2"',
    name_servers_search: '"domain.tld"',
    kernel_options: { 'netcfg/choose_interface': `52:54:00:00:00:${nodeId}0` },
    ks_meta: { mco_identity: nodeId, puppet_enable: 0, timezone: 'UTC' },
    interfaces: {
      eth0: {
        mac_address: `52:54:00:00:00:${nodeId}0`,
        static: '0',
        dns_name: `node-${nodeId}.domain.tld`,
        netmask: '255.255.255.0',
        ip_address: `10.20.0.${nodeId + 10}`,
      },
    },
    interfaces_extra: { eth0: { peerdns: 'no', onboot: 'yes' } },
  };
}

/** The deployment facts the fake `deployment_facts` returns. */
export function deploymentFacts(nodeId: number): StepResultOf<'deployment_facts'> {
  return {
    astute_yaml: `uid: '${nodeId}'\nroles: []\n`,
    upload_path: '/etc/astute.yaml',
    puppet: {
      manifest: '/etc/puppet/manifests/site.pp',
      modules: '/etc/puppet/modules',
      cwd: '/',
      modules_source: 'rsync://10.20.0.2:/puppet/modules/',
      manifests_source: 'rsync://10.20.0.2:/puppet/manifests/',
      manifests_path: '/etc/puppet/manifests',
      timeout_seconds: 5340,
      task_name: 'site',
    },
  };
}

/** The steps function of the tests: valid answers for the plan, as the real one gives. */
export function fakeStepsFunction(plan: Plan): (payload: StepPayload) => unknown {
  const answers: { [A in StepAction]: (p: Extract<StepPayload, { action: A }>) => unknown } = {
    prepare: () => plan,
    provisioning_facts: (p) => ({
      system: provisioningSystem(p.node_id),
      reboot_method: 'mcollective',
    }),
    deployment_facts: (p) => deploymentFacts(p.node_id),
    node_failed: (p) => ({ ok: false, node_id: p.node_id }),
    node_done: (p) => ({ ok: true, node_id: p.node_id }),
    finish_phase: (p) => ({ failed: p.results.some((r) => !r.ok) }),
    finish: () => ({}),
    abort: () => ({}),
  };

  return (payload) => (answers[payload.action] as (p: StepPayload) => unknown)(payload);
}
