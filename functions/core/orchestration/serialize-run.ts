import type { Queryable } from '../../db/database.js';
import type { CoreSettings } from '../context.js';
import type { NodeRow } from '../nodes/model.js';
import { findDiskNodes } from '../volumes/repository.js';
import { commonFacts, nodeDeploymentFacts } from './facts/deployment.js';
import { provisioningFacts } from './facts/provisioning.js';
import { loadSnapshot } from './facts/snapshot.js';
import { COMMON_FACTS_NODE, type FactsRow, saveFacts } from './facts/store.js';

/**
 * Computes and freezes the facts of a run: the Cobbler system of each node to provision under
 * the provision task, the astute.yaml of each node to deploy under the deployment task (the
 * shared part once, under node 0). Gives the deployed nodes their addresses.
 */
export async function serializeRun(
  tx: Queryable,
  settings: CoreSettings,
  clusterId: number,
  provision: { taskId: number; nodes: NodeRow[] } | undefined,
  deployment: { taskId: number; nodes: NodeRow[] } | undefined,
): Promise<void> {
  const deployIds = deployment?.nodes.map((n) => n.id) ?? [];
  const snap = await loadSnapshot(tx, settings, clusterId, deployIds);
  if (provision && provision.nodes.length > 0) {
    const disks = await findDiskNodes(
      tx,
      provision.nodes.map((n) => n.id),
    );
    const rows: FactsRow[] = provision.nodes.map((node) => {
      const diskRow = disks.get(node.id);
      if (!diskRow) throw new Error(`node ${node.id} vanished during serialization`);
      return {
        nodeId: node.id,
        kind: 'provisioning',
        facts: provisioningFacts(snap, node, diskRow),
      };
    });
    await saveFacts(tx, provision.taskId, rows);
  }
  if (deployment && deployment.nodes.length > 0) {
    const common = commonFacts(snap, deployIds);
    const byId = new Map(snap.nodes.map((n) => [n.id, n]));
    const rows: FactsRow[] = [{ nodeId: COMMON_FACTS_NODE, kind: 'deployment', facts: common }];
    for (const id of deployIds) {
      const node = byId.get(id);
      if (!node) continue;
      const { nodes: _all, ...own } = nodeDeploymentFacts(snap, {}, node);
      rows.push({ nodeId: id, kind: 'deployment', facts: own });
    }
    await saveFacts(tx, deployment.taskId, rows);
  }
}
