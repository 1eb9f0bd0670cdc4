import { ipv4Netmask, parseCidr } from '../../net/ip.js';
import { effectiveHostname, type NodeRow } from '../../nodes/model.js';
import { describeNodeDisks } from '../../volumes/node-layout.js';
import type { DiskNodeRow } from '../../volumes/repository.js';
import { type ClusterSnapshot, editableValue } from './snapshot.js';

/** The Cobbler system of one node: what provisioning writes (reference §6.4). */
export interface ProvisioningSystem {
  uid: string;
  slave_name: string;
  name: string;
  hostname: string;
  profile: string;
  power_type: string;
  power_address: string | null;
  power_user: string;
  power_pass: string;
  netboot_enabled: '1';
  name_servers: string;
  name_servers_search: string;
  kernel_options: Record<string, string>;
  ks_meta: Record<string, unknown>;
  interfaces: Record<string, Record<string, string>>;
  interfaces_extra: Record<string, Record<string, string>>;
}

/** BMC power settings an operator may give a node (`attributes.power`); ssh otherwise. */
interface PowerSettings {
  type: string;
  address?: string;
  user?: string;
  pass?: string;
}

/** How the relay reboots the node: through MCollective (Fuel's way) or Cobbler's fence agent. */
export type RebootMethod = 'mcollective' | 'cobbler_power';

export function provisioningFacts(
  snap: ClusterSnapshot,
  node: NodeRow,
  disks: DiskNodeRow,
): { system: ProvisioningSystem; reboot_method: RebootMethod } {
  const hostname = effectiveHostname(node);
  const fqdn = `${hostname}.${snap.settings.dnsDomain}`;
  const power = powerSettings(snap.power.get(node.id));
  const adminCidr = snap.admin?.cidr ? parseCidr(snap.admin.cidr) : undefined;
  const netmask = adminCidr ? ipv4Netmask(adminCidr.prefix) : '255.255.255.0';
  const nics = snap.assignments.get(node.id) ?? [];
  const adminNic = nics.find((a) => a.networks.some((n) => n.name === 'fuelweb_admin'))?.nic;

  const interfaces: ProvisioningSystem['interfaces'] = {};
  const extra: ProvisioningSystem['interfaces_extra'] = {};
  for (const { nic } of nics) {
    const isAdmin = nic.id === adminNic?.id;
    interfaces[nic.name] = {
      mac_address: nic.mac,
      static: '0',
      ...(isAdmin ? { ip_address: node.ip ?? '', netmask, dns_name: fqdn } : {}),
    };
    extra[nic.name] = { peerdns: 'no', onboot: isAdmin ? 'yes' : 'no' };
  }

  const system: ProvisioningSystem = {
    uid: String(node.id),
    slave_name: hostname,
    name: hostname,
    hostname: fqdn,
    profile: String(editableValue(snap.cluster, 'cobbler', 'profile') ?? 'ubuntu_bootstrap'),
    power_type: power.type,
    power_address: power.address ?? node.ip,
    power_user: power.user ?? 'root',
    power_pass: power.pass ?? '/root/.ssh/bootstrap.rsa',
    netboot_enabled: '1',
    name_servers: `"${snap.settings.masterIp}"`,
    name_servers_search: `"${snap.settings.dnsDomain}"`,
    kernel_options: {
      'netcfg/choose_interface': adminNic?.mac ?? node.mac,
      udevrules: nics.map(({ nic }) => `${nic.mac}_${nic.name}`).join(','),
    },
    ks_meta: ksMeta(snap, node, disks),
    interfaces,
    interfaces_extra: extra,
  };

  return { system, reboot_method: power.type === 'ssh' ? 'mcollective' : 'cobbler_power' };
}

function ksMeta(snap: ClusterSnapshot, node: NodeRow, disks: DiskNodeRow): Record<string, unknown> {
  const generated = snap.cluster.generated_attributes as Record<string, Record<string, unknown>>;
  return {
    pm_data: {
      kernel_params: node.kernel_params ?? editableValue(snap.cluster, 'kernel_params', 'kernel'),
      ks_spaces: describeNodeDisks(disks).current,
    },
    fuel_version: snap.cluster.fuel_version,
    puppet_auto_setup: 1,
    puppet_enable: 0,
    mco_auto_setup: 1,
    mco_enable: 1,
    mco_connector: 'rabbitmq',
    mco_host: snap.settings.masterIp,
    mco_vhost: 'mcollective',
    mco_user: 'mcollective',
    mco_password: generated.mco?.password ?? '',
    mco_identity: node.id,
    install_log_2_syslog: 1,
    master_ip: snap.settings.masterIp,
    timezone: 'Etc/UTC',
    image_data: generated.provision?.image_data ?? {},
    repo_setup: { repos: editableValue(snap.cluster, 'repo_setup', 'repos') ?? [] },
    gw: snap.admin?.gateway ?? snap.settings.masterIp,
    admin_net: snap.admin?.cidr ?? null,
    authorized_keys: [],
  };
}

function powerSettings(raw: unknown): PowerSettings {
  if (typeof raw !== 'object' || raw === null) return { type: 'ssh' };
  const power = raw as Record<string, unknown>;
  const text = (key: string) =>
    typeof power[key] === 'string' ? (power[key] as string) : undefined;
  const type = text('type') ?? 'ssh';
  return {
    type,
    ...(text('address') ? { address: text('address') } : {}),
    ...(text('user') ? { user: text('user') } : {}),
    ...(text('pass') ? { pass: text('pass') } : {}),
  };
}
