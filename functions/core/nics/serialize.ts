import type { AssignedNetwork, InterfaceAssignment } from './model.js';

/** A NIC as `GET /nodes/{id}/interfaces` answers it. */
export interface NicJson {
  id: number;
  name: string;
  type: 'ether';
  mac: string;
  state: string | null;
  current_speed: number | null;
  max_speed: number | null;
  driver: string | null;
  bus_info: string | null;
  pxe: boolean;
  offloading_modes: unknown;
  interface_properties: unknown;
  meta: Record<string, never>;
  assigned_networks: AssignedNetwork[];
}

/** A NIC with the networks it carries, in the shape of the API. */
export function serializeInterface({ nic, networks }: InterfaceAssignment): NicJson {
  return {
    id: nic.id,
    name: nic.name,
    type: 'ether',
    mac: nic.mac,
    state: nic.state,
    current_speed: nic.current_speed,
    max_speed: nic.max_speed,
    driver: nic.driver,
    bus_info: nic.bus_info,
    pxe: nic.pxe,
    offloading_modes: nic.offloading_modes,
    interface_properties: nic.interface_properties,
    meta: {},
    assigned_networks: networks,
  };
}
