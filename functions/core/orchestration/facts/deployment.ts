import { clusterVips } from '../../clusters/vips.js';
import { ipv4Netmask, parseCidr } from '../../net/ip.js';
import { effectiveHostname, type NodeRow } from '../../nodes/model.js';
import { networkScheme } from './network-scheme.js';
import { type ClusterSnapshot, deployedRoles } from './snapshot.js';

/** Facts shared by every node of one deployment (the `common` part of Nailgun's split). */
export type CommonFacts = Record<string, unknown>;

/**
 * What every node's astute.yaml shares: the environment, its settings as `group: {attr: value}`,
 * generated secrets, VIPs and the list of nodes with their addresses. Computed once per run.
 */
export function commonFacts(snap: ClusterSnapshot, deployNodeIds: number[]): CommonFacts {
  const { cluster, release } = snap;
  const deployed = new Set(deployNodeIds);
  const netmask = (name: string) => {
    const cidr = snap.networks.find((n) => n.name === name)?.cidr;
    const parsed = cidr ? parseCidr(cidr) : undefined;
    return parsed ? ipv4Netmask(parsed.prefix) : null;
  };
  const nodes = snap.nodes
    .filter((n) => deployed.has(n.id) || n.status === 'ready')
    .flatMap((node) =>
      deployedRoles(node).map((role) => {
        const addresses = snap.addresses.get(node.id);
        return {
          uid: String(node.id),
          name: effectiveHostname(node),
          fqdn: `${effectiveHostname(node)}.${snap.settings.dnsDomain}`,
          user_node_name: node.name,
          role,
          internal_address: addresses?.get('management') ?? null,
          internal_netmask: netmask('management'),
          storage_address: addresses?.get('storage') ?? null,
          storage_netmask: netmask('storage'),
          ...(addresses?.get('public')
            ? { public_address: addresses.get('public'), public_netmask: netmask('public') }
            : {}),
        };
      }),
    );

  return {
    ...flattenEditable(cluster.editable_attributes),
    ...generatedValues(cluster.generated_attributes),
    deployment_id: cluster.id,
    deployment_mode: cluster.mode,
    openstack_version: release.version,
    fuel_version: cluster.fuel_version,
    cluster: {
      id: cluster.id,
      name: cluster.name,
      mode: cluster.mode,
      net_provider: cluster.net_provider,
    },
    master_ip: snap.settings.masterIp,
    dns_domain: snap.settings.dnsDomain,
    ...clusterVips(snap.networks),
    quantum_settings: cluster.networking_parameters,
    nodes,
    puppet: {
      modules: 'rsync://{MASTER_IP}:/puppet/modules/',
      manifests: 'rsync://{MASTER_IP}:/puppet/manifests/',
    },
  };
}

/** One node's astute.yaml content: the common facts with the node's own on top. */
export function nodeDeploymentFacts(
  snap: ClusterSnapshot,
  common: CommonFacts,
  node: NodeRow,
): Record<string, unknown> {
  const hostname = effectiveHostname(node);
  const roles = deployedRoles(node);
  return {
    ...common,
    uid: String(node.id),
    hostname,
    fqdn: `${hostname}.${snap.settings.dnsDomain}`,
    node_name: node.name,
    user_node_name: node.name,
    role: roles[0] ?? null,
    roles,
    network_scheme: networkScheme(snap, node),
  };
}

/** `{group: {attr: {value: v}}}` → `{group: {attr: v}}`, the shape Puppet manifests read. */
export function flattenEditable(editable: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [group, attrs] of Object.entries(editable)) {
    if (typeof attrs !== 'object' || attrs === null) continue;
    const flat: Record<string, unknown> = {};
    for (const [name, attr] of Object.entries(attrs)) {
      if (name === 'metadata' || typeof attr !== 'object' || attr === null) continue;
      if ('value' in attr) flat[name] = (attr as { value: unknown }).value;
    }
    out[group] = flat;
  }

  return out;
}

/** Generated attributes keep their shape; `{value: v}` leaves become `v`. */
function generatedValues(generated: Record<string, unknown>): Record<string, unknown> {
  const unwrap = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'value') return (value as { value: unknown }).value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  };
  return unwrap(generated) as Record<string, unknown>;
}
