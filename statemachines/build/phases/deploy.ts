import { ASTUTE_YAML_PATH, MACHINE_ERRORS } from '../../contracts/execution.js';
import type { States } from '../asl.js';
import { lambdaStep } from '../lambda-step.js';
import { nodeMap } from '../node-map.js';
import { nodeDone, nodeFailed } from '../node-steps.js';
import { relayStep } from '../relay-step.js';
import { type Phase, raise, TOP } from '../top-level.js';
import { next } from '../transitions.js';

const TASK_UUID = '$.plan.deploy.task_uuid';

/**
 * Deployment (Astute §7.2): the groups run one after another in the plan's order (controllers
 * first), the nodes of a group in parallel. A loop rather than a Map over groups, because
 * aws-local-stepfunctions keeps starting queued Map iterations after one has failed, and a
 * failed group must stop the groups after it in both runtimes. The phase is then closed; its
 * verdict lands in `$.phase_result`.
 */
export function deployPhase(exit: string): Phase {
  return {
    start: 'DeployStart',
    states: {
      DeployStart: {
        Type: 'Pass',
        Comment: 'A cursor over the groups: the next index and how many there are.',
        Parameters: { next: 0, 'count.$': 'States.ArrayLength($.plan.deploy.groups)' },
        ResultPath: '$.cursor',
        Next: 'DeploySelectGroup',
      },
      ...groupLoop(),
      DeployFinish: lambdaStep('finish_phase', {
        comment: 'Groups reported their nodes one by one; this closes the phase.',
        fields: { 'task_uuid.$': TASK_UUID, phase: 'deploy', results: [] },
        resultPath: '$.phase_result',
        transition: next(exit),
        catchTo: TOP.abort,
      }),
    },
  };
}

function groupLoop(): States {
  return {
    DeploySelectGroup: {
      Type: 'Pass',
      Parameters: {
        'group.$': 'States.ArrayGetItem($.plan.deploy.groups, $.cursor.next)',
        'next.$': 'States.MathAdd($.cursor.next, 1)',
        'count.$': '$.cursor.count',
      },
      ResultPath: '$.cursor',
      Next: 'DeployGroupNodes',
    },
    DeployGroupNodes: nodeMap({
      itemsPath: '$.cursor.group.nodes',
      taskUuidPath: TASK_UUID,
      startAt: 'DeploymentFacts',
      states: nodeChain(),
      resultPath: '$.records',
      transition: next('DeployGroupFinish'),
      catchTo: TOP.abort,
    }),
    DeployGroupFinish: lambdaStep('finish_phase', {
      fields: {
        'task_uuid.$': TASK_UUID,
        phase: 'deploy_group',
        'group.$': '$.cursor.group.name',
        'results.$': '$.records',
      },
      resultPath: '$.phase_result',
      transition: next('DeployGroupCheck'),
      catchTo: TOP.abort,
    }),
    DeployGroupCheck: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.phase_result.failed', BooleanEquals: true, Next: 'DeployGroupFailed' },
        {
          Variable: '$.cursor.next',
          NumericLessThanPath: '$.cursor.count',
          Next: 'DeploySelectGroup',
        },
      ],
      Default: 'DeployFinish',
    },
    DeployGroupFailed: raise(MACHINE_ERRORS.deployGroupFailed, {
      'Cause.$':
        "States.Format('Deployment group {} has failed nodes; the groups after it were not deployed', $.cursor.group.name)",
    }),
  };
}

/** Upload the node's facts, sync Puppet's code, run Puppet; any failure is recorded. */
function nodeChain(): States {
  const failed = 'DeployNodeFailed';

  return {
    DeploymentFacts: lambdaStep('deployment_facts', {
      fields: { 'task_uuid.$': '$.task_uuid', 'node_id.$': '$.node.node_id' },
      resultPath: '$.facts',
      transition: next('UploadAstuteYaml'),
      catchTo: failed,
    }),
    UploadAstuteYaml: relayStep({
      comment: `Usually ${ASTUTE_YAML_PATH}.`,
      step: 'node.upload_file',
      params: {
        'path.$': '$.facts.upload_path',
        'content.$': '$.facts.astute_yaml',
        permissions: '0600',
        overwrite: true,
        parents: true,
      },
      taskUuidPath: '$.task_uuid',
      transition: next('PuppetSync'),
      catchTo: failed,
    }),
    PuppetSync: relayStep({
      step: 'node.puppetsync',
      params: {
        'modules_source.$': '$.facts.puppet.modules_source',
        'manifests_source.$': '$.facts.puppet.manifests_source',
        'modules_path.$': '$.facts.puppet.modules',
        'manifests_path.$': '$.facts.puppet.manifests_path',
      },
      taskUuidPath: '$.task_uuid',
      transition: next('PuppetApply'),
      catchTo: failed,
    }),
    PuppetApply: relayStep({
      step: 'node.puppet_apply',
      params: {
        'manifest.$': '$.facts.puppet.manifest',
        'modules.$': '$.facts.puppet.modules',
        'cwd.$': '$.facts.puppet.cwd',
        'timeout_seconds.$': '$.facts.puppet.timeout_seconds',
        'task_name.$': '$.facts.puppet.task_name',
      },
      taskUuidPath: '$.task_uuid',
      transition: next('DeployNodeDone'),
      catchTo: failed,
    }),
    DeployNodeDone: nodeDone('deploy'),
    [failed]: nodeFailed('deploy'),
  };
}
