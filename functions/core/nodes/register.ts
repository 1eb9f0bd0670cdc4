import type { CoreContext } from '../context.js';
import { AlreadyExists, InvalidData, NotAllowed } from '../errors.js';
import { createNotification } from '../notifications/create.js';
import type { AgentPayload } from './agent-payload.js';
import { macAlreadyKnown } from './conflicts.js';
import { discoverMessage } from './discover-message.js';
import type { NodeJson } from './json-schema.js';
import { normalizeMac } from './mac.js';
import { clusterExists, joinCluster } from './membership.js';
import { metaForCreate } from './meta.js';
import type { NodeMeta, NodeRow } from './model.js';
import { insertNics } from './nic-repository.js';
import { interfaceMacs, nicsFromMeta } from './nics.js';
import { getNode, insertNode } from './repository.js';
import { serializeNode } from './serialize.js';

/** PostgreSQL's unique_violation: a concurrent registration of the same MAC won the race. */
const UNIQUE_VIOLATION = '23505';

function duplicate(mac: string): AlreadyExists {
  return new AlreadyExists(`Node with mac ${mac} already exists - doing nothing`);
}

/** Nailgun's admission rules for a registration, checked before touching the database. */
function admit(payload: AgentPayload): string {
  if (payload.status !== undefined && payload.status !== 'discover') {
    throw new NotAllowed('Only bootstrap nodes are allowed to be registered.');
  }
  if (payload.mac === undefined) throw new InvalidData('No mac address specified');
  if (payload.meta !== undefined && !('interfaces' in payload.meta)) {
    throw new InvalidData('Failed to discover node: invalid interfaces info');
  }
  return payload.mac;
}

async function insert(ctx: CoreContext, payload: AgentPayload, rawMac: string): Promise<NodeRow> {
  const mac = normalizeMac(rawMac);
  const meta: NodeMeta = metaForCreate(payload.meta ?? {});
  const clusterId = payload.cluster_id ?? null;
  return ctx.db.transaction(async (tx) => {
    if (await macAlreadyKnown(tx, mac, interfaceMacs(meta))) throw duplicate(rawMac);
    if (clusterId !== null && !(await clusterExists(tx, clusterId))) {
      throw new InvalidData(`Cluster ${clusterId} not found`);
    }
    const node = await insertNode(tx, {
      name: payload.name ?? `Untitled (${mac.slice(-5)})`,
      mac,
      ip: payload.ip ?? null,
      meta,
      manufacturer: payload.manufacturer ?? null,
      platform_name: payload.platform_name ?? null,
      os_platform: payload.os_platform ?? null,
      kernel_params: payload.kernel_params ?? null,
      labels: payload.labels ?? {},
      agent_checksum: payload.agent_checksum ?? null,
      last_contact_at: ctx.now(),
    });
    await insertNics(tx, node.id, nicsFromMeta(meta, { mac, ip: node.ip }));
    if (clusterId !== null) await joinCluster(tx, clusterId, [node.id]);
    await createNotification(tx, {
      topic: 'discover',
      message: discoverMessage(meta),
      nodeId: node.id,
      clusterId,
    });
    return clusterId === null ? node : getNode(tx, node.id);
  });
}

/**
 * Registers a node that booted the discovery image (`POST /nodes`): the node row, its NIC rows
 * from `meta.interfaces` and a `discover` notification summing up its hardware. A `cluster_id`
 * in the payload puts the node straight into that environment; roles are given later.
 */
export async function registerNode(ctx: CoreContext, payload: AgentPayload): Promise<NodeJson> {
  const rawMac = admit(payload);
  let node: NodeRow;
  try {
    node = await insert(ctx, payload, rawMac);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw duplicate(rawMac);
    throw error;
  }
  ctx.logger.info('node registered', { node_id: node.id, mac: node.mac, status: node.status });
  return serializeNode(node, ctx.settings.dnsDomain);
}
