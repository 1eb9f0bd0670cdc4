import { lambdaStep } from '../lambda-step.js';
import { nodeMap } from '../node-map.js';
import { nodeDone, nodeFailed } from '../node-steps.js';
import { relayStep } from '../relay-step.js';
import { type Phase, TOP } from '../top-level.js';
import { next } from '../transitions.js';

/**
 * Node removal (Astute's `remove_nodes`): per node, its Cobbler system is removed and the node
 * erased and rebooted (into bootstrap, where it is discovered afresh); then the phase is closed
 * and its `failed` verdict lands in `$.phase_result`.
 */
export function removePhase(exit: string): Phase {
  return {
    start: 'RemoveNodes',
    states: {
      RemoveNodes: nodeMap({
        itemsPath: '$.plan.remove.nodes',
        taskUuidPath: '$.plan.remove.task_uuid',
        ...wipeChain('Remove', 'remove'),
        resultPath: '$.records',
        transition: next('RemoveFinish'),
        catchTo: TOP.abort,
      }),
      RemoveFinish: lambdaStep('finish_phase', {
        fields: {
          'task_uuid.$': '$.plan.remove.task_uuid',
          phase: 'remove',
          'results.$': '$.records',
        },
        resultPath: '$.phase_result',
        transition: next(exit),
        catchTo: TOP.abort,
      }),
    },
  };
}

/**
 * Environment reset: every node of the plan's `remove` part gets the same wipe as a removal,
 * but the rows stay; they return to `discover`.
 */
export function resetPhase(exit: string): Phase {
  return {
    start: 'ResetNodes',
    states: {
      ResetNodes: nodeMap({
        itemsPath: '$.plan.remove.nodes',
        taskUuidPath: '$.plan.remove.task_uuid',
        ...wipeChain('Reset', 'reset'),
        resultPath: null,
        transition: next(exit),
        catchTo: TOP.abort,
      }),
    },
  };
}

/** Remove the Cobbler system, erase and reboot the node, report it; any failure is recorded. */
function wipeChain(prefix: 'Remove' | 'Reset', phase: 'remove' | 'reset') {
  const failed = `${prefix}NodeFailed`;

  return {
    startAt: `${prefix}CobblerSystem`,
    states: {
      [`${prefix}CobblerSystem`]: relayStep({
        step: 'cobbler.remove_system',
        params: { 'system_name.$': '$.node.hostname' },
        taskUuidPath: '$.task_uuid',
        transition: next(`${prefix}EraseNode`),
        catchTo: failed,
      }),
      [`${prefix}EraseNode`]: relayStep({
        step: 'node.erase',
        params: { reboot: true },
        taskUuidPath: '$.task_uuid',
        transition: next(`${prefix}NodeDone`),
        catchTo: failed,
      }),
      [`${prefix}NodeDone`]: nodeDone(phase),
      [failed]: nodeFailed(phase),
    },
  };
}
