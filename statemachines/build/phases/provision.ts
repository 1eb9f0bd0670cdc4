import type { States } from '../asl.js';
import { lambdaStep } from '../lambda-step.js';
import { nodeMap } from '../node-map.js';
import { nodeDone, nodeFailed } from '../node-steps.js';
import { WAIT_PROVISIONED_BUDGET_SECONDS } from '../policy.js';
import { relayStep } from '../relay-step.js';
import { type Phase, TOP } from '../top-level.js';
import { END, next } from '../transitions.js';

const TASK_UUID = '$.plan.provision.task_uuid';

/**
 * Provisioning (Astute §7.1): every node's Cobbler record is written (netboot on), Cobbler is
 * synced once, then every node is rebooted into the installer, watched until it runs the
 * target system, and its netboot turned off. The phase is then closed; its verdict lands in
 * `$.phase_result`.
 */
export function provisionPhase(exit: string): Phase {
  return {
    start: 'ProvisionRecords',
    states: {
      ProvisionRecords: nodeMap({
        comment: 'Per node: facts, then the Cobbler record. Outputs ProvisionTargets.',
        itemsPath: '$.plan.provision.nodes',
        taskUuidPath: TASK_UUID,
        startAt: 'ProvisioningFacts',
        states: recordChain(),
        resultPath: '$.records',
        transition: next('CobblerSync'),
        catchTo: TOP.abort,
      }),
      CobblerSync: relayStep({
        comment: 'One sync for all records, as Astute did.',
        step: 'cobbler.sync',
        params: {},
        taskUuidPath: TASK_UUID,
        transition: next('ProvisionNodes'),
        catchTo: TOP.abort,
      }),
      ProvisionNodes: nodeMap({
        comment: 'Per node whose record was written: reboot, wait, netboot off.',
        itemsPath: '$.records',
        taskUuidPath: TASK_UUID,
        startAt: 'ProvisionNodeRoute',
        states: installChain(),
        resultPath: '$.records',
        transition: next('ProvisionFinish'),
        catchTo: TOP.abort,
      }),
      ProvisionFinish: lambdaStep('finish_phase', {
        fields: { 'task_uuid.$': TASK_UUID, phase: 'provision', 'results.$': '$.records' },
        resultPath: '$.phase_result',
        transition: next(exit),
        catchTo: TOP.abort,
      }),
    },
  };
}

function recordChain(): States {
  return {
    ProvisioningFacts: lambdaStep('provisioning_facts', {
      fields: { 'task_uuid.$': '$.task_uuid', 'node_id.$': '$.node.node_id' },
      resultPath: '$.facts',
      transition: next('CobblerUpsertSystem'),
      catchTo: 'ProvisionRecordFailed',
    }),
    CobblerUpsertSystem: relayStep({
      step: 'cobbler.upsert_system',
      params: { 'system.$': '$.facts.system' },
      taskUuidPath: '$.task_uuid',
      transition: next('ProvisionRecordDone'),
      catchTo: 'ProvisionRecordFailed',
    }),
    ProvisionRecordDone: {
      Type: 'Pass',
      Comment: 'Keeps what the reboot needs and drops the (large) record.',
      Parameters: {
        ok: true,
        'node_id.$': '$.node.node_id',
        'uid.$': '$.node.uid',
        'hostname.$': '$.node.hostname',
        'system_name.$': '$.facts.system.name',
        'reboot_method.$': '$.facts.reboot_method',
      },
      ...END,
    },
    ProvisionRecordFailed: nodeFailed('provision'),
  };
}

function installChain(): States {
  const failed = 'ProvisionNodeFailed';

  return {
    ProvisionNodeRoute: {
      Type: 'Choice',
      Choices: [{ Variable: '$.node.ok', BooleanEquals: true, Next: 'RebootNode' }],
      Default: 'ProvisionNodeSkipped',
    },
    RebootNode: relayStep({
      step: 'node.reboot',
      params: { 'system_name.$': '$.node.system_name', 'method.$': '$.node.reboot_method' },
      taskUuidPath: '$.task_uuid',
      transition: next('WaitProvisioned'),
      catchTo: failed,
    }),
    WaitProvisioned: relayStep({
      step: 'node.wait_provisioned',
      params: { timeout_seconds: WAIT_PROVISIONED_BUDGET_SECONDS },
      taskUuidPath: '$.task_uuid',
      transition: next('DisableNetboot'),
      catchTo: failed,
    }),
    DisableNetboot: relayStep({
      step: 'cobbler.set_netboot',
      params: { 'system_name.$': '$.node.system_name', enabled: false },
      taskUuidPath: '$.task_uuid',
      transition: next('ProvisionNodeDone'),
      catchTo: failed,
    }),
    ProvisionNodeDone: nodeDone('provision'),
    [failed]: nodeFailed('provision'),
    ProvisionNodeSkipped: {
      Type: 'Pass',
      Comment: 'Its record failed and was reported then.',
      Parameters: { ok: false, 'node_id.$': '$.node.node_id' },
      ...END,
    },
  };
}
