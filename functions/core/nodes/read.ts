import type { CoreContext } from '../context.js';
import { InvalidData } from '../errors.js';
import type { NodeJson } from './json-schema.js';
import { allocationStats, type ClusterFilter, getNode, listNodes } from './repository.js';
import { serializeNode } from './serialize.js';

/** `?cluster_id=`: absent lists every node, empty lists nodes outside any environment. */
export function parseClusterFilter(text: string | undefined): ClusterFilter {
  if (text === undefined) return undefined;
  if (text === '') return null;
  if (!/^\d{1,10}$/.test(text.trim())) throw new InvalidData(`Cannot convert "${text}" to int`);
  return Number(text);
}

/** `GET /nodes`: every node of the filter, in one query, ordered by id. */
export async function listNodeObjects(
  ctx: CoreContext,
  clusterId: string | undefined,
): Promise<NodeJson[]> {
  const rows = await listNodes(ctx.db, parseClusterFilter(clusterId));
  return rows.map((row) => serializeNode(row, ctx.settings.dnsDomain));
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
