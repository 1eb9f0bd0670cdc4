import type { CoreContext } from '../context.js';
import { applyNodeUpdate } from './apply-update.js';
import { identifyNode } from './identify.js';
import type { NodeJson } from './json-schema.js';
import { getNode } from './repository.js';
import { serializeNode } from './serialize.js';
import type { NodeUpdate } from './update-payload.js';

/** `PUT /nodes/{id}`: applies a partial node in one transaction and answers the node. */
export async function updateNode(
  ctx: CoreContext,
  nodeId: number,
  patch: NodeUpdate,
): Promise<NodeJson> {
  const node = await ctx.db.transaction(async (tx) => {
    const current = await getNode(tx, nodeId, { lock: true });
    await identifyNode(tx, patch, current);
    return applyNodeUpdate(ctx, tx, current, patch);
  });
  ctx.logger.info('node updated', { node_id: node.id, fields: Object.keys(patch) });
  return serializeNode(node, ctx.settings.dnsDomain);
}
