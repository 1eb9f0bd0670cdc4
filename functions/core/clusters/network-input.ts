import type { IpRange } from './ipv4.js';
import type { JsonObject } from './model.js';

/** One network of a PUT network configuration, matched by id; absent fields keep their value. */
export interface NetworkInput {
  id: number;
  name?: string | undefined;
  cidr?: string | null | undefined;
  gateway?: string | null | undefined;
  vlan_start?: number | null | undefined;
  ip_ranges?: IpRange[] | undefined;
  /** Only `notation` and `use_gateway` of the meta may change, as in Nailgun. */
  meta?: { notation?: 'cidr' | 'ip_ranges' | null; use_gateway?: boolean } | undefined;
}

/** The body of PUT /clusters/{id}/network_configuration/neutron, its JSON types checked. */
export interface NetworkConfigurationUpdate {
  networks?: NetworkInput[] | undefined;
  networking_parameters?: JsonObject | undefined;
}
