import type { CoreContext } from '../core/context.js';
import { lockTaskByUuid } from '../core/orchestration/task-state.js';
import { deployResp } from './receivers/deploy.js';
import { provisionResp } from './receivers/provision.js';
import { removeClusterResp, removeNodesResp } from './receivers/remove-nodes.js';
import { resetEnvironmentResp, stopDeploymentResp } from './receivers/stop-reset.js';
import type { Receiver, ReportArgs } from './types.js';

/** Nailgun's receiver methods this system applies, by the name Astute answers with. */
const RECEIVERS: Record<string, Receiver> = {
  provision_resp: provisionResp,
  deploy_resp: deployResp,
  transaction_resp: deployResp,
  remove_nodes_resp: removeNodesResp,
  remove_cluster_resp: removeClusterResp,
  stop_deployment_resp: stopDeploymentResp,
  reset_environment_resp: resetEnvironmentResp,
};

export type ApplyOutcome = 'applied' | 'unknown-method' | 'unknown-task' | 'malformed';

/**
 * Applies one progress report in Astute's format ({method, args}) in one transaction, the task
 * row locked so that concurrent reports of one task apply one after the other. Reports for
 * unknown or deleted tasks are dropped, as Nailgun's receiver does.
 */
export async function applyProgress(ctx: CoreContext, message: unknown): Promise<ApplyOutcome> {
  if (!isReport(message)) {
    ctx.logger.warn('progress report malformed');
    return 'malformed';
  }
  const receiver = RECEIVERS[message.method];
  if (!receiver) {
    ctx.logger.warn('progress report method unknown', { method: message.method });
    return 'unknown-method';
  }
  const log = ctx.logger.child({ task_uuid: message.args.task_uuid, method: message.method });

  return ctx.db.transaction(async (tx) => {
    const task = await lockTaskByUuid(tx, message.args.task_uuid);
    if (!task) {
      log.warn('progress report for unknown task');
      return 'unknown-task';
    }
    await receiver({ tx, ctx: { ...ctx, logger: log }, task, args: message.args });
    log.debug('progress report applied', { status: message.args.status });
    return 'applied';
  });
}

function isReport(value: unknown): value is { method: string; args: ReportArgs } {
  if (typeof value !== 'object' || value === null) return false;
  const { method, args } = value as { method?: unknown; args?: unknown };
  return (
    typeof method === 'string' &&
    typeof args === 'object' &&
    args !== null &&
    typeof (args as { task_uuid?: unknown }).task_uuid === 'string'
  );
}
