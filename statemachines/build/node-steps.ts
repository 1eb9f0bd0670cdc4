import type { NodePhase } from '../contracts/execution.js';
import type { TaskState } from './asl.js';
import { lambdaStep } from './lambda-step.js';
import { END } from './transitions.js';

/** Fields every per-node Lambda step sends, read from a Map iteration's input. */
const NODE_FIELDS = { 'task_uuid.$': '$.task_uuid', 'node_id.$': '$.node.node_id' };

/** The end of a node's chain: reports the node done and outputs `{ok: true, node_id}`. */
export function nodeDone(phase: NodePhase): TaskState {
  return lambdaStep('node_done', { fields: { ...NODE_FIELDS, phase }, transition: END });
}

/**
 * Where a node's chain goes on any failure: records it on the node and task (the Lambda maps
 * the error to Nailgun's `error_type` and message) and outputs `{ok: false, node_id}`.
 */
export function nodeFailed(phase: NodePhase): TaskState {
  return lambdaStep('node_failed', {
    fields: {
      ...NODE_FIELDS,
      phase,
      'error.$': '$.error.Error',
      'cause.$': '$.error.Cause',
    },
    transition: END,
  });
}
