import { z } from 'zod';

/** A scalar as Nailgun writes it into Cobbler fields (`"1"`, `1` and `true` all occur). */
const cobblerScalar = z.union([z.string(), z.number(), z.boolean()]);

/** One NIC of a Cobbler system (nailgun-api.md §6.4 `interfaces`). */
export const CobblerInterfaceSchema = z.looseObject({
  mac_address: z.string().min(1),
  static: cobblerScalar.optional(),
  dns_name: z.string().optional(),
  netmask: z.string().optional(),
  ip_address: z.string().optional(),
});
export type CobblerInterface = z.infer<typeof CobblerInterfaceSchema>;

/**
 * The node dict Nailgun hands to Astute for one node (nailgun-api.md §6.4), which the relay turns
 * into a Cobbler system record. Unknown keys pass through: the relay "cobblerizes" every valid
 * system field it finds, as Astute did.
 */
export const ProvisioningSystemSchema = z.looseObject({
  name: z.string().min(1),
  hostname: z.string().min(1),
  profile: z.string().min(1),
  power_type: z.string().optional(),
  power_address: z.string().optional(),
  power_user: z.string().optional(),
  power_pass: z.string().optional(),
  netboot_enabled: cobblerScalar.optional(),
  name_servers: z.string().optional(),
  name_servers_search: z.string().optional(),
  kernel_options: z.record(z.string(), z.unknown()).optional(),
  ks_meta: z.record(z.string(), z.unknown()).optional(),
  interfaces: z.record(z.string(), CobblerInterfaceSchema),
  interfaces_extra: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
export type ProvisioningSystem = z.infer<typeof ProvisioningSystemSchema>;
