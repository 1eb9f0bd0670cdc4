import type { Queryable } from '../../db/database.js';
import { InvalidData } from '../errors.js';
import { normalizeMac } from './mac.js';
import type { NodeRow } from './model.js';
import { interfaceMacs } from './nics.js';
import { findNode, findNodeByMacs } from './repository.js';
import type { NodeUpdate } from './update-payload.js';

/**
 * The node a partial node names, locked for the transaction: by `mac` (the node's MAC or a
 * NIC's, or one of `meta.interfaces`), and by `id`, which wins when both are given. Each key
 * that is present must name an existing node, even when `known` (the node of the URL) is given.
 */
export async function identifyNode(
  db: Queryable,
  item: Pick<NodeUpdate, 'id' | 'mac' | 'meta'>,
  known?: NodeRow,
): Promise<NodeRow> {
  if (!item.mac && !item.id && !known) throw new InvalidData('Neither MAC nor ID is specified');
  let found: NodeRow | undefined;
  if (item.mac) {
    const macs = interfaceMacs(item.meta);
    found = await findNodeByMacs(db, normalizeMac(item.mac), macs, { lock: true });
    if (!found) throw new InvalidData('Invalid MAC is specified');
  }
  if (item.id) {
    found = await findNode(db, item.id, { lock: true });
    if (!found) throw new InvalidData('Invalid ID specified');
  }
  const node = known ?? found;
  if (!node) throw new InvalidData('Neither MAC nor ID is specified');
  return node;
}
