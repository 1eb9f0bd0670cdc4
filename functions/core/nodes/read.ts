import type { CoreContext } from '../context.js';
import { InvalidData } from '../errors.js';
import type { NodeJson } from './json-schema.js';
import {
  allocationStats,
  type ClusterFilter,
  getNode,
  listNodesWithMetaText,
} from './repository.js';
import { serializeNode } from './serialize.js';

/** `?cluster_id=`: absent lists every node, empty lists nodes outside any environment. */
export function parseClusterFilter(text: string | undefined): ClusterFilter {
  if (text === undefined) return undefined;
  if (text === '') return null;
  if (!/^\d{1,10}$/.test(text.trim())) throw new InvalidData(`Cannot convert "${text}" to int`);
  return Number(text);
}

/**
 * `GET /nodes` as JSON text. A node's `meta` (the bulk of the answer: hardware facts) is spliced
 * in as PostgreSQL stored it instead of being parsed and written out again, which is most of
 * what listing 1,000 nodes costs.
 */
export async function listNodesJsonText(
  ctx: CoreContext,
  clusterId: string | undefined,
): Promise<string> {
  const rows = await listNodesWithMetaText(ctx.db, parseClusterFilter(clusterId));
  const items = rows.map((row) => {
    const { meta: _meta, ...rest } = serializeNode({ ...row, meta: {} }, ctx.settings.dnsDomain);
    return `${JSON.stringify(rest).slice(0, -1)},"meta":${row.meta_text}}`;
  });
  return `[${items.join(',')}]`;
}

/** `GET /nodes/{id}`. */
export async function showNode(ctx: CoreContext, nodeId: number): Promise<NodeJson> {
  return serializeNode(await getNode(ctx.db, nodeId), ctx.settings.dnsDomain);
}

/** `GET /nodes/allocation/stats`. */
export async function nodeAllocationStats(
  ctx: CoreContext,
): Promise<{ total: number; unallocated: number }> {
  return allocationStats(ctx.db);
}
