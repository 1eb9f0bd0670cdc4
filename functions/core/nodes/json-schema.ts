import { z } from 'zod';
import { NODE_ERROR_TYPES, NODE_STATUSES } from './model.js';

/** One entry of `network_data`: an address of the node on one of its networks. */
const networkDataEntry = z.looseObject({
  name: z.string(),
  cidr: z.string().nullable(),
  vlan: z.number().int().nullable(),
  ip: z.string().nullable(),
  netmask: z.string().nullable(),
  brd: z.string().nullable(),
  gateway: z.string().nullable(),
  dev: z.string().nullable(),
});

/** The node object of Nailgun's API (reference §3); the cluster id is under the key `cluster`. */
export const nodeJsonSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    mac: z.string(),
    ip: z.string().nullable(),
    status: z.enum(NODE_STATUSES),
    online: z.boolean(),
    progress: z.number().int(),
    cluster: z.number().int().nullable(),
    group_id: z.number().int().nullable(),
    hostname: z.string(),
    fqdn: z.string(),
    roles: z.array(z.string()),
    pending_roles: z.array(z.string()),
    pending_addition: z.boolean(),
    pending_deletion: z.boolean(),
    error_type: z.enum(NODE_ERROR_TYPES).nullable(),
    kernel_params: z.string().nullable(),
    labels: z.record(z.string(), z.string().nullable()),
    manufacturer: z.string().nullable(),
    platform_name: z.string().nullable(),
    os_platform: z.string().nullable(),
    network_data: z.array(networkDataEntry),
    meta: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Node' });

export type NodeJson = z.infer<typeof nodeJsonSchema>;
