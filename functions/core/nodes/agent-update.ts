import type { Queryable } from '../../db/database.js';
import type { CoreContext } from '../context.js';
import { InvalidData } from '../errors.js';
import type { Logger } from '../logger.js';
import { type AgentLookup, recordAgentContact } from './agent-contact.js';
import type { AgentPayload } from './agent-payload.js';
import { normalizeMac } from './mac.js';
import { keepDisksForAgent, metaForUpdate } from './meta.js';
import type { NodeMeta, NodeRow, NodeStatus } from './model.js';
import { syncNics } from './nic-sync.js';
import { interfaceMacs, type NicValues, nicsFromMeta } from './nics.js';
import { getNode, type NodeChanges, updateNodeRow } from './repository.js';

/** The answer of `PUT /nodes/agent`. */
export interface AgentUpdateResult {
  id: number;
  cached?: true;
}

function lookupOf(payload: AgentPayload): AgentLookup {
  if (payload.id !== undefined) return { id: payload.id };
  const nicMacs = interfaceMacs(payload.meta);
  if (payload.mac === undefined && nicMacs.length === 0) {
    throw new InvalidData('Neither MAC nor ID is specified');
  }
  return { mac: payload.mac === undefined ? undefined : normalizeMac(payload.mac), nicMacs };
}

/** An agent may change addresses and NICs only before the node is provisioned. */
function networkUnlocked(node: NodeRow): boolean {
  return node.status === 'discover' || (node.status === 'error' && node.error_type === 'discover');
}

/** A discovery image keeps saying "discover"; that must not undo provisioning or an error. */
function reportedStatus(node: NodeRow, payload: AgentPayload): NodeStatus | undefined {
  const ignored = node.status === 'provisioning' || node.status === 'error';
  return ignored && (payload.status ?? 'discover') === 'discover' ? undefined : payload.status;
}

interface AgentChanges {
  changes: NodeChanges;
  nics?: NicValues[];
}

function addressChanges(node: NodeRow, payload: AgentPayload, meta?: NodeMeta): AgentChanges {
  const mac = payload.mac === undefined ? node.mac : normalizeMac(payload.mac);
  const ip = payload.ip || node.ip;
  const changes: NodeChanges = { mac, ip };
  if (!meta) return { changes };
  const nics = nicsFromMeta(meta, { mac, ip });
  // Without the node's own MAC among them the report is partial (interfaces not up yet).
  const complete = nics.some((n) => n.mac === mac || (ip !== null && n.ip_addr === ip));
  return complete ? { changes, nics } : { changes };
}

function agentChanges(node: NodeRow, payload: AgentPayload): AgentChanges {
  const reported = payload.meta && Object.keys(payload.meta).length > 0 ? payload.meta : undefined;
  const meta = reported
    ? keepDisksForAgent(metaForUpdate(reported, node.meta), node.meta, node.status)
    : undefined;
  const network = networkUnlocked(node) ? addressChanges(node, payload, meta) : { changes: {} };
  return {
    changes: {
      ...network.changes,
      status: reportedStatus(node, payload),
      meta,
      manufacturer: payload.manufacturer,
      platform_name: payload.platform_name,
      os_platform: payload.os_platform,
      agent_checksum: payload.agent_checksum,
    },
    ...(network.nics ? { nics: network.nics } : {}),
  };
}

/** NIC rows derive from meta.interfaces, the MAC and the IP: unchanged inputs, unchanged rows. */
function sameNetwork(before: NodeRow, after: NodeRow): boolean {
  return (
    before.mac === after.mac &&
    before.ip === after.ip &&
    JSON.stringify(before.meta.interfaces) === JSON.stringify(after.meta.interfaces)
  );
}

async function applyReport(
  tx: Queryable,
  logger: Logger,
  nodeId: number,
  payload: AgentPayload,
): Promise<void> {
  const node = await getNode(tx, nodeId, { lock: true });
  const { changes, nics } = agentChanges(node, payload);
  const updated = await updateNodeRow(tx, node.id, changes);
  if (nics && !sameNetwork(node, updated)) await syncNics(tx, logger, node.id, nics);
  if (updated.status !== node.status) {
    logger.info('node status changed by agent', {
      node_id: node.id,
      from: node.status,
      to: updated.status,
    });
  }
}

/**
 * The agent's periodic check-in (`PUT /nodes/agent`). Contact is always recorded; when the
 * agent's checksum equals the stored one nothing else changed and the answer says `cached`.
 * Otherwise the report is applied under Nailgun's rules (reference §5, "Nailgun side").
 */
export async function updateNodeByAgent(
  ctx: CoreContext,
  payload: AgentPayload,
): Promise<AgentUpdateResult> {
  const lookup = lookupOf(payload);
  const node = await recordAgentContact(ctx.db, lookup, ctx.now());
  if (!node) {
    throw new InvalidData('id' in lookup ? 'Invalid ID specified' : 'Invalid MAC is specified');
  }
  if (!node.was_online) ctx.logger.info('node back online', { node_id: node.id });
  if (payload.agent_checksum !== undefined && payload.agent_checksum === node.agent_checksum) {
    return { id: node.id, cached: true };
  }
  await ctx.db.transaction((tx) => applyReport(tx, ctx.logger, node.id, payload));
  return { id: node.id };
}
