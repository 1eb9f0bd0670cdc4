/**
 * The progress reports the steps send, shaped as Astute sent them: per-node entries of a
 * `provision_resp` while a node installs, of a `deploy_resp` while Puppet runs on it.
 */
import type { ProgressNode } from '../../../statemachines/contracts/index.js';
import type { ProgressPublisher } from './publisher.js';

/** A node installing: `{uid, status: 'provisioning', progress}`, or `provisioned` at 100. */
export function reportProvisioning(
  publisher: ProgressPublisher,
  taskUuid: string,
  node: { uid: string; progress: number },
): void {
  const status = node.progress >= 100 ? 'provisioned' : 'provisioning';
  publisher.publish({
    method: 'provision_resp',
    args: { task_uuid: taskUuid, nodes: [{ uid: node.uid, status, progress: node.progress }] },
  });
}

/** A graph task running on a node: `{uid, status: 'deploying', progress, ..., 'running'}`. */
export function reportDeploying(
  publisher: ProgressPublisher,
  taskUuid: string,
  node: { uid: string; progress: number; taskName: string },
): void {
  publisher.publish({
    method: 'deploy_resp',
    args: {
      task_uuid: taskUuid,
      nodes: [
        {
          uid: node.uid,
          status: 'deploying',
          progress: node.progress,
          deployment_graph_task_name: node.taskName,
          task_status: 'running',
        },
      ],
    },
  });
}

/** A graph task ended on a node (its deployment history entry); the node's status is left. */
export function reportTaskEnded(
  publisher: ProgressPublisher,
  taskUuid: string,
  node: { uid: string; taskName: string; ok: boolean; summary?: Record<string, unknown> },
): void {
  const entry: ProgressNode = {
    uid: node.uid,
    deployment_graph_task_name: node.taskName,
    task_status: node.ok ? 'ready' : 'error',
    ...(node.summary === undefined ? {} : { summary: node.summary }),
  };
  publisher.publish({ method: 'deploy_resp', args: { task_uuid: taskUuid, nodes: [entry] } });
}
