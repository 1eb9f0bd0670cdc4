/**
 * The data the driver exchanges with its callers: the provisioning node dict Nailgun builds
 * (`reference/nailgun-api.md` §6.4, the fields Cobbler takes) and what Cobbler answers.
 */

/** One interface of a provisioning node dict. */
export interface ProvisioningInterface {
  mac_address?: string;
  ip_address?: string;
  netmask?: string;
  dns_name?: string;
  /** `"0"`/`"1"` in Nailgun's dicts. */
  static?: string | number | boolean;
  /** Other Cobbler interface fields (`mtu`, `management`...) and Astute's aliases (`mac`, `ip`). */
  [field: string]: unknown;
}

/** The Cobbler part of a provisioning node dict, keyed as Nailgun sends it. */
export interface ProvisioningSystem {
  /** The Cobbler system name, e.g. `node-5`. */
  name: string;
  hostname?: string;
  profile?: string;
  power_type?: string;
  power_address?: string;
  power_user?: string;
  power_pass?: string;
  /** `"1"` in Nailgun's dicts; Cobbler also takes a bool. */
  netboot_enabled?: string | boolean;
  name_servers?: string;
  name_servers_search?: string;
  /** Flattened to `"k=v k2=v2"` (nested values as JSON). */
  kernel_options?: Record<string, unknown> | string;
  /** Flattened like `kernel_options`; stored as `autoinstall_meta` on Cobbler 3. */
  ks_meta?: Record<string, unknown> | string;
  interfaces?: Record<string, ProvisioningInterface>;
  /** Appended to ks_meta as `interface_extra_<if>_<key>=<value>`. */
  interfaces_extra?: Record<string, Record<string, unknown>>;
  /** Other keys of the node dict; those Cobbler does not know are skipped. */
  [field: string]: unknown;
}

/** The power actions the driver asks Cobbler for. */
export const POWER_ACTIONS = ['on', 'off', 'reboot'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];

/** One interface of a system as `get_system` answers it. */
export interface CobblerInterfaceRecord {
  mac_address?: string;
  ip_address?: string;
  netmask?: string;
  dns_name?: string;
  static?: boolean;
  [field: string]: unknown;
}

/** A system as `get_system` answers it (about 55 keys on 3.3.7; `"~"` stands for none). */
export interface CobblerSystemRecord {
  name: string;
  profile?: string;
  hostname?: string;
  netboot_enabled?: boolean;
  interfaces?: Record<string, CobblerInterfaceRecord>;
  [field: string]: unknown;
}
