import type { Queryable } from '../../../db/database.js';
import type { NetworkGroupRow } from '../../clusters/network-groups.js';
import { clusterVips } from '../../clusters/vips.js';
import { InvalidData } from '../../errors.js';
import { formatIpv4, parseIpv4 } from '../../net/ip.js';

/** Networks whose addresses every deployed node needs. */
const NODE_NETWORKS = ['management', 'storage'] as const;

export interface NodeNeed {
  nodeId: number;
  /** True when the node's roles need a public address (public_ip_required) or all nodes do. */
  public: boolean;
}

/** node id → network name → address. */
export type AddressBook = Map<number, Map<string, string>>;

/**
 * Gives every node an address in each network it needs, keeping addresses it already has.
 * Addresses come from the network's IP ranges, skipping the gateway, the VIPs and what other
 * nodes hold; a network that runs out is a 400 naming it (Nailgun's "not enough IPs").
 * With `store` false the new addresses are only proposed (what GET .../defaults shows).
 */
export async function allocateAddresses(
  tx: Queryable,
  networks: NetworkGroupRow[],
  needs: NodeNeed[],
  store = true,
): Promise<AddressBook> {
  const vips = Object.values(clusterVips(networks)).filter((v): v is string => v !== null);
  const book: AddressBook = new Map(needs.map((n) => [n.nodeId, new Map()]));
  for (const network of networks) {
    const wanted = needs.filter((n) =>
      network.name === 'public'
        ? n.public
        : (NODE_NETWORKS as readonly string[]).includes(network.name),
    );
    if (wanted.length === 0) continue;
    await allocateIn(tx, network, wanted, vips, book, store);
  }

  return book;
}

async function allocateIn(
  tx: Queryable,
  network: NetworkGroupRow,
  wanted: NodeNeed[],
  vips: string[],
  book: AddressBook,
  store: boolean,
): Promise<void> {
  const { rows } = await tx.query<{ node_id: number | null; ip: string }>(
    'SELECT node_id, host(ip_addr) AS ip FROM ip_addrs WHERE network_id = $1',
    [network.id],
  );
  const used = new Set([
    ...rows.map((r) => r.ip),
    ...vips,
    ...(network.gateway ? [network.gateway] : []),
  ]);
  const held = new Map(rows.filter((r) => r.node_id !== null).map((r) => [r.node_id, r.ip]));
  const fresh: { node_id: number; ip: string }[] = [];
  const free = freeAddresses(network, used);

  for (const need of wanted) {
    let ip = held.get(need.nodeId);
    if (!ip) {
      const next = free.next();
      if (next.done) {
        throw new InvalidData(`Not enough free IP addresses in network '${network.name}'`);
      }
      ip = next.value;
      used.add(ip);
      fresh.push({ node_id: need.nodeId, ip });
    }
    book.get(need.nodeId)?.set(network.name, ip);
  }
  if (fresh.length === 0 || !store) return;
  await tx.query(
    `INSERT INTO ip_addrs (network_id, node_id, ip_addr)
     SELECT $1, r.node_id, r.ip::inet
     FROM jsonb_to_recordset($2::jsonb) AS r(node_id int, ip text)`,
    [network.id, JSON.stringify(fresh)],
  );
}

function* freeAddresses(network: NetworkGroupRow, used: Set<string>): Generator<string> {
  for (const [first, last] of network.ip_ranges) {
    const start = parseIpv4(first);
    const end = parseIpv4(last);
    if (start === undefined || end === undefined) continue;
    for (let value = start; value <= end; value++) {
      const ip = formatIpv4(value);
      if (!used.has(ip)) yield ip;
    }
  }
}
