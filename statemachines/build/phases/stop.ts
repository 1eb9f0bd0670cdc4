import type { States } from '../asl.js';
import { nodeMap } from '../node-map.js';
import { nodeDone, nodeFailed } from '../node-steps.js';
import { relayStep } from '../relay-step.js';
import { type Phase, TOP } from '../top-level.js';
import { END, next } from '../transitions.js';

/**
 * Stopping a deployment: the nodes of the plan's `deploy` groups (or, when there are none, of
 * its `provision` part) are stopped all at once, each by what it is doing (its `phase`):
 * Puppet is stopped on a deploying node, a provisioning node is erased and rebooted.
 */
export function stopPhase(exit: string): Phase {
  return {
    start: 'StopFromDeploy',
    states: {
      StopFromDeploy: {
        Type: 'Pass',
        Parameters: {
          'task_uuid.$': '$.plan.deploy.task_uuid',
          'groups.$': '$.plan.deploy.groups',
        },
        ResultPath: '$.stop',
        Next: 'StopGroups',
      },
      StopFromProvision: {
        Type: 'Pass',
        Comment: 'The provision part as the only group.',
        Parameters: {
          'task_uuid.$': '$.plan.provision.task_uuid',
          'groups.$': 'States.Array($.plan.provision)',
        },
        ResultPath: '$.stop',
        Next: 'StopGroups',
      },
      StopGroups: nodeMap({
        comment: 'Every group at once.',
        itemsPath: '$.stop.groups',
        taskUuidPath: '$.stop.task_uuid',
        itemField: 'group',
        extraFields: { 'max_concurrency.$': '$.max_concurrency' },
        concurrency: 0,
        startAt: 'StopGroupNodes',
        states: {
          StopGroupNodes: nodeMap({
            itemsPath: '$.group.nodes',
            taskUuidPath: '$.task_uuid',
            startAt: 'StopNodeRoute',
            states: stopChain(),
            resultPath: null,
            transition: END,
          }),
        },
        resultPath: null,
        transition: next(exit),
        catchTo: TOP.abort,
      }),
    },
  };
}

function stopChain(): States {
  const failed = 'StopNodeFailed';

  return {
    StopNodeRoute: {
      Type: 'Choice',
      Choices: [
        { Not: { Variable: '$.node.phase', IsPresent: true }, Next: 'StopPuppet' },
        { Variable: '$.node.phase', StringEquals: 'provision', Next: 'StopEraseNode' },
      ],
      Default: 'StopPuppet',
    },
    StopPuppet: relayStep({
      step: 'node.stop_puppet',
      params: {},
      taskUuidPath: '$.task_uuid',
      transition: next('StopNodeDone'),
      catchTo: failed,
    }),
    StopEraseNode: relayStep({
      step: 'node.erase',
      params: { reboot: true },
      taskUuidPath: '$.task_uuid',
      transition: next('StopNodeDone'),
      catchTo: failed,
    }),
    StopNodeDone: nodeDone('stop'),
    [failed]: nodeFailed('stop'),
  };
}
