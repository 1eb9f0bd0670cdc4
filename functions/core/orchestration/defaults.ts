import { getCluster } from '../clusters/repository.js';
import type { CoreContext } from '../context.js';
import { findDiskNodes } from '../volumes/repository.js';
import { commonFacts, nodeDeploymentFacts } from './facts/deployment.js';
import { provisioningFacts } from './facts/provisioning.js';
import { loadSnapshot } from './facts/snapshot.js';

/**
 * GET /clusters/{id}/orchestrator/{deployment|provisioning}/defaults: the facts a run would
 * send now, computed without storing anything (new addresses are only proposed).
 */
export async function orchestratorDefaults(
  ctx: CoreContext,
  clusterId: number,
  kind: 'deployment' | 'provisioning',
  nodeIds: number[] | undefined,
): Promise<unknown> {
  await getCluster(ctx.db, clusterId);
  const { rows } = await ctx.db.query<{ id: number }>(
    'SELECT id FROM nodes WHERE cluster_id = $1 AND NOT pending_deletion ORDER BY id',
    [clusterId],
  );
  const ids = rows.map((r) => r.id).filter((id) => !nodeIds || nodeIds.includes(id));
  const snap = await loadSnapshot(ctx.db, ctx.settings, clusterId, ids, false);
  const nodes = snap.nodes.filter((n) => ids.includes(n.id));
  if (kind === 'deployment') {
    const common = commonFacts(snap, ids);
    return nodes.map((node) => nodeDeploymentFacts(snap, common, node));
  }
  const disks = await findDiskNodes(ctx.db, ids);
  return {
    engine: { url: 'cobbler', master_ip: ctx.settings.masterIp },
    nodes: nodes.flatMap((node) => {
      const row = disks.get(node.id);
      return row ? [provisioningFacts(snap, node, row).system] : [];
    }),
  };
}
