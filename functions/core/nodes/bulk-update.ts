import type { CoreContext } from '../context.js';
import { applyNodeUpdate } from './apply-update.js';
import { identifyNode } from './identify.js';
import type { NodeJson } from './json-schema.js';
import type { NodeRow } from './model.js';
import { serializeNode } from './serialize.js';
import type { NodeUpdate } from './update-payload.js';

/**
 * `PUT /nodes`: applies each partial node to the node it names, all in one transaction, so a
 * failure on any item leaves every node as it was. Answers the updated nodes ordered by id.
 */
export async function bulkUpdateNodes(ctx: CoreContext, items: NodeUpdate[]): Promise<NodeJson[]> {
  const updated = await ctx.db.transaction(async (tx) => {
    const nodes = new Map<number, NodeRow>();
    for (const item of items) {
      // Read inside the transaction, so a node named twice sees the first item's changes.
      const node = await identifyNode(tx, item);
      nodes.set(node.id, await applyNodeUpdate(ctx, tx, node, item));
    }
    return [...nodes.values()].sort((a, b) => a.id - b.id);
  });
  ctx.logger.info('nodes updated', { node_ids: updated.map((n) => n.id) });
  return updated.map((n) => serializeNode(n, ctx.settings.dnsDomain));
}
